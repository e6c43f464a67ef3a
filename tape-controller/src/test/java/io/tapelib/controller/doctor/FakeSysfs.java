package io.tapelib.controller.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A sysfs tree in a temp directory, laid out as the kernel lays out /sys for SCSI tape drives and changers. */
final class FakeSysfs {

    private final Path root;

    FakeSysfs(Path root) {
        this.root = root;
    }

    /** A SCSI device at {@code hctl} with INQUIRY strings padded as the kernel shows them. */
    Path device(String hctl, int type, String vendor, String model) throws IOException {
        Path dir = Files.createDirectories(root.resolve("devices/pci0000:00/host0/target0/" + hctl));
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.writeString(dir.resolve("vendor"), String.format("%-8s%n", vendor));
        Files.writeString(dir.resolve("model"), String.format("%-16s%n", model));
        return dir;
    }

    /** A tape drive {@code stN} with its mode and non-rewinding nodes in the class, bound to {@code sg}. */
    void tape(String st, String sg, String hctl, String vendor, String model) throws IOException {
        Path device = device(hctl, 1, vendor, model);
        for (String name : new String[]{st, st + "l", st + "m", st + "a", "n" + st, "n" + st + "l"}) {
            link(root.resolve("class/scsi_tape/" + name + "/device"), device);
        }
        Files.createDirectories(device.resolve("scsi_generic/" + sg));
        link(root.resolve("class/scsi_generic/" + sg + "/device"), device);
    }

    /** A medium changer reached through {@code sg}. */
    void changer(String sg, String hctl, String vendor, String model) throws IOException {
        Path device = device(hctl, 8, vendor, model);
        Files.createDirectories(device.resolve("scsi_generic/" + sg));
        link(root.resolve("class/scsi_generic/" + sg + "/device"), device);
    }

    private static void link(Path link, Path target) throws IOException {
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, target);
    }
}
