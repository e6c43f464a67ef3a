package io.tapelib.controller.doctor;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.config.DriveMapping;
import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.drive.DriveStatus;
import io.tapelib.controller.drive.TapeDrive;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The doctor's view through the ports: the changer's inventory, printed with mtx's element names, and each drive's
 * status; whatever the devices answer with instead is a problem in their own words.
 */
final class LibraryReport {

    private final Supplier<LibraryDevices> open;

    /** @param open opens the library's devices the way the controller does */
    LibraryReport(Supplier<LibraryDevices> open) {
        this.open = open;
    }

    /**
     * Opens the library and prints its inventory and drives.
     *
     * @param mapping  the configured drives, checked against the changer's data transfer elements
     * @param problems receives what is wrong
     */
    void print(DriveMapping mapping, List<String> problems, PrintWriter out) {
        out.println();
        LibraryDevices devices;
        try {
            devices = open.get();
        } catch (RuntimeException e) {
            out.println("== the library cannot be opened");
            problems.add("cannot open the library: " + rootMessage(e));
            return;
        }
        out.println("== inventory of " + devices.description());
        Inventory inventory;
        try {
            inventory = devices.changer().inventory();
        } catch (RuntimeException e) {
            problems.add("the medium changer does not answer: " + rootMessage(e));
            return;
        }
        for (Element drive : inventory.dataTransfer()) {
            out.println("Data Transfer Element " + drive.number() + ": " + contents(drive)
                    + (drive.sourceSlot().isPresent() ? " (loaded from storage element " + drive.sourceSlot().getAsInt() + ")" : ""));
        }
        for (Element slot : inventory.storage()) {
            out.println("Storage Element " + slot.number() + ": " + contents(slot));
        }
        for (Element slot : inventory.importExport()) {
            out.println("Import/Export Element " + slot.number() + ": " + contents(slot));
        }
        List<String> cleaning = inventory.all().filter(Element::isCleaningCartridge)
                .flatMap(e -> e.volumeTag().stream()).toList();
        out.printf("%d drive(s), %d storage element(s) (%d full), %d import/export element(s) (%d full), cleaning"
                        + " cartridges: %s%n", inventory.dataTransfer().size(), inventory.storage().size(),
                inventory.storage().stream().filter(Element::full).count(), inventory.importExport().size(),
                inventory.importExport().stream().filter(Element::full).count(),
                cleaning.isEmpty() ? "none" : String.join(", ", cleaning));
        if (cleaning.isEmpty()) {
            out.println("(no cleaning cartridge: a drive that asks for cleaning stops until one is inserted)");
        }
        for (int element : mapping.devices().keySet()) {
            if (inventory.dataTransfer().stream().noneMatch(e -> e.number() == element)) {
                problems.add("TAPE_DRIVES maps data transfer element " + element + ", but the changer reports "
                        + inventory.dataTransfer().size() + " drive(s) (elements 0.." + (inventory.dataTransfer().size() - 1)
                        + " in 'mtx status')");
            }
        }
        out.println();
        out.println("== drives");
        for (Map.Entry<Integer, TapeDrive> entry : devices.drives().entrySet()) {
            TapeDrive drive = entry.getValue();
            try {
                out.println("drive " + entry.getKey() + " " + drive.name() + ": " + describe(drive.status()));
            } catch (RuntimeException e) {
                out.println("drive " + entry.getKey() + " " + drive.name() + ": no status");
                problems.add("drive " + entry.getKey() + " (" + drive.name() + ") does not report its status: "
                        + rootMessage(e));
            }
        }
    }

    private static String contents(Element element) {
        if (!element.full()) {
            return "Empty";
        }
        return "Full " + element.volumeTag().orElse("(no barcode label)")
                + (element.isCleaningCartridge() ? " (cleaning cartridge)" : "");
    }

    private static String describe(DriveStatus status) {
        if (!status.loaded()) {
            return "no cartridge threaded (offline)";
        }
        return "online" + status.volumeTag().map(t -> ", " + t).orElse("")
                + (status.writeProtected() ? ", write protected" : ", writable")
                + status.position().map(p -> ", partition " + p.partition() + " block " + p.block()).orElse("")
                + ", " + status.partitions() + " partition(s)"
                + ", block size " + (status.blockSize() == 0 ? "variable" : status.blockSize() + " bytes")
                + String.format(", density code 0x%02x", status.densityCode());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        return Optional.ofNullable(t.getMessage()).orElse(t.toString());
    }
}
