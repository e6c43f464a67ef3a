package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.device.command.CommandRunner;

import java.time.Duration;
import java.util.List;

/**
 * A test double of the mtx process for a small library: keeps the elements, checks the arguments
 * in the order mtx 1.3.12 mtx.c does and answers in its words and exit statuses, including the
 * library's own refusals (raw element addresses: drives 256 + n, slots 4096 + n, as on the Dell of
 * the fixtures). It lets {@link io.tapelib.controller.changer.MediumChangerContract} run against
 * {@link MtxMediumChanger} without a robot; the fixtures pin the real wordings.
 */
final class ScriptedMtx implements CommandRunner {

    private final String[] drives;
    private final int[] sources;
    private final String[] slots;
    private final int importExport;

    /**
     * @param drives       number of data transfer elements, all empty
     * @param slots        volume tags of the storage elements, then the import/export elements; null for empty
     * @param importExport how many of the last slots are import/export elements
     */
    ScriptedMtx(int drives, List<String> slots, int importExport) {
        this.drives = new String[drives];
        this.sources = new int[drives];
        this.slots = slots.toArray(String[]::new);
        this.importExport = importExport;
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) {
        List<String> args = command.subList(3, command.size());
        String out;
        try {
            out = switch (args.get(0)) {
                case "status" -> status(command.get(2));
                case "load" -> load(arg(args, 1), arg(args, 2));
                case "unload" -> unload(arg(args, 1), arg(args, 2));
                case "transfer" -> transfer(arg(args, 1), arg(args, 2));
                default -> throw new Fatal("Usage: ...");
            };
        } catch (Fatal e) {
            return new CommandResult(command, 1, "", "mtx: " + e.getMessage() + "\n");
        }
        return new CommandResult(command, 0, out, "");
    }

    private static int arg(List<String> args, int i) {
        return Integer.parseInt(args.get(i));
    }

    private String status(String device) {
        StringBuilder s = new StringBuilder(String.format("  Storage Changer %s:%d Drives, %d Slots ( %d Import/Export )%n",
                device, drives.length, slots.length, importExport));
        for (int d = 0; d < drives.length; d++) {
            s.append("Data Transfer Element ").append(d).append(':');
            s.append(drives[d] == null ? "Empty" : "Full (Storage Element " + sources[d] + " Loaded):VolumeTag = " + pad(drives[d]));
            s.append('\n');
        }
        for (int i = 0; i < slots.length; i++) {
            s.append("      Storage Element ").append(i + 1).append(i >= slots.length - importExport ? " IMPORT/EXPORT" : "")
                    .append(':').append(slots[i] == null ? "Empty" : "Full :VolumeTag=" + pad(slots[i])).append('\n');
        }
        return s.toString();
    }

    private static String pad(String tag) {
        return String.format("%-36s", tag);
    }

    private String load(int slot, int drive) {
        if (slot > slots.length) {
            throw new Fatal("Invalid <storage-element-number> argument '" + slot + "' to 'load' command");
        }
        if (drive >= drives.length) {
            throw new Fatal("illegal <drive-number> argument '" + drive + "' to 'load' command");
        }
        if (drives[drive] != null) {
            throw new Fatal("Drive " + drive + " Full (Storage Element " + sources[drive] + " loaded)");
        }
        if (slots[slot - 1] == null) {
            throw new Fatal("Source Element Address " + (4096 + slot) + " is Empty");
        }
        drives[drive] = slots[slot - 1];
        sources[drive] = slot;
        slots[slot - 1] = null;
        return "Loading media from Storage Element " + slot + " into drive " + drive + "...done\n";
    }

    private String unload(int slot, int drive) {
        if (slot > slots.length) {
            throw new Fatal("illegal <storage-element-number> argument '" + slot + "' to 'unload' command");
        }
        if (drive >= drives.length) {
            throw new Fatal("illegal <drive-number> argument '" + drive + "' to 'unload' command");
        }
        if (drives[drive] == null) {
            throw new Fatal("Data Transfer Element " + drive + " is Empty");
        }
        if (slots[slot - 1] != null) {
            throw new Fatal("Storage Element " + slot + " is Already Full");
        }
        slots[slot - 1] = drives[drive];
        drives[drive] = null;
        return "Unloading drive " + drive + " into Storage Element " + slot + "...done\n";
    }

    private String transfer(int from, int to) {
        if (from > slots.length) {
            throw new Fatal("Invalid source");
        }
        if (to > slots.length) {
            throw new Fatal("Invalid destination");
        }
        if (slots[from - 1] == null) {
            throw new Fatal("Source Element Address " + (4096 + from) + " is Empty");
        }
        if (slots[to - 1] != null) {
            throw new Fatal("Destination Element Address " + (4096 + to) + " is Already Full");
        }
        slots[to - 1] = slots[from - 1];
        slots[from - 1] = null;
        return "";
    }

    /** mtx's FatalError: one line on standard error, exit status 1. */
    private static final class Fatal extends RuntimeException {
        Fatal(String message) {
            super(message);
        }
    }
}
