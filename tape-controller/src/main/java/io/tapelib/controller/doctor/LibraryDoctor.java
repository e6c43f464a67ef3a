package io.tapelib.controller.doctor;

import io.tapelib.controller.config.ChangerAddress;
import io.tapelib.controller.config.DriveMapping;
import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.drive.st.StTapeDrive;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the controller sees of its library, and what is wrong with it in words a site administrator can act on:
 * the kernel's tape drives and medium changers (sysfs) with their sg/st mapping, the configured device nodes and
 * who may use them; the changer's inventory and each drive's status come from {@link LibraryReport}. For a virtual
 * library only those two.
 */
public final class LibraryDoctor {

    private static final Path DEV = Path.of("/dev");

    private final SysfsScan sysfs;
    private final Path devRoot;
    private final UserIdentity user;

    /**
     * @param sysfsRoot where sysfs is mounted ({@code /sys})
     * @param devRoot   where device nodes are ({@code /dev}); configured paths under {@code /dev} are looked up here
     * @param user      who the controller runs as
     */
    public LibraryDoctor(Path sysfsRoot, Path devRoot, UserIdentity user) {
        this.sysfs = new SysfsScan(sysfsRoot);
        this.devRoot = devRoot;
        this.user = user;
    }

    /**
     * Examines the library and prints what it finds.
     *
     * @param changerSetting the value of {@code TAPE_CHANGER}
     * @param drivesSetting  the value of {@code TAPE_DRIVES}, items as the configuration split them
     * @param open           opens the library's devices the way the controller does (taking ownership)
     * @param out            receives the report
     * @return the problems found, each a sentence saying what to do; empty when all is well
     */
    public List<String> examine(String changerSetting, List<String> drivesSetting, Supplier<LibraryDevices> open,
                                PrintWriter out) {
        List<String> problems = new ArrayList<>();
        out.println("== configuration");
        out.println("TAPE_CHANGER=" + changerSetting);
        out.println("TAPE_DRIVES=" + String.join(",", drivesSetting));
        ChangerAddress address;
        try {
            address = ChangerAddress.parse(changerSetting);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            return finish(problems, out);
        }
        boolean devicesUsable = true;
        DriveMapping mapping = DriveMapping.parse(List.of());
        if (address.isVirtual()) {
            out.println("virtual tape library in " + address.virtualLibraryDirectory().orElseThrow()
                    + ": no device nodes to check");
        } else {
            try {
                mapping = DriveMapping.parse(drivesSetting);
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
            devicesUsable = examineDevices(address.device().orElseThrow(), mapping, drivesSetting.isEmpty(), problems, out);
        }
        if (devicesUsable) {
            new LibraryReport(open).print(mapping, problems, out);
        }
        return finish(problems, out);
    }

    /** The kernel's devices and the configured nodes; true when the changer node is there to be opened. */
    private boolean examineDevices(Path changer, DriveMapping mapping, boolean drivesUnset, List<String> problems,
                                   PrintWriter out) {
        out.println();
        out.println("== tape drives the kernel sees (" + sysfs.tapeClass() + ")");
        List<ScsiDevice> tapes = sysfs.tapeDrives();
        for (ScsiDevice tape : tapes) {
            out.printf("%-6s -> %-6s [%s] %s %s%n", tape.name(), tape.generic().orElse("(no sg)"), tape.hctl(),
                    tape.vendor(), tape.model());
        }
        if (tapes.isEmpty()) {
            out.println("(none)");
            problems.add("no st devices in " + sysfs.tapeClass() + ": the st driver is not loaded (modprobe st) or no"
                    + " drive is attached (lsscsi -g lists what the kernel sees)");
        }
        out.println();
        out.println("== medium changers the kernel sees (" + sysfs.genericClass() + ", SCSI type 8)");
        List<ScsiDevice> changers = sysfs.mediumChangers();
        for (ScsiDevice found : changers) {
            out.printf("%-6s [%s] %s %s%n", found.name(), found.hctl(), found.vendor(), found.model());
        }
        if (changers.isEmpty()) {
            out.println("(none)");
            problems.add("no medium changer in " + sysfs.genericClass() + ": the sg driver is not loaded (modprobe sg)"
                    + " or the library is not attached (lsscsi -g lists what the kernel sees)");
        }

        out.println();
        out.println("== device nodes (user " + user.user() + (user.inGroup("tape") ? ", in group tape" : ", not in group tape")
                + ")");
        NodeAccess changerNode = NodeAccess.of(node(changer));
        out.printf("%-12s %s%n", changer, changerNode.describe());
        if (!changerNode.exists()) {
            problems.add("TAPE_CHANGER=" + changer + " does not exist: no medium changer is attached, or it is another"
                    + " sg node — see the sg/st mapping above" + (changers.isEmpty() ? ""
                    : " (the kernel's medium changer" + (changers.size() > 1 ? "s are " : " is ")
                    + changers.stream().map(c -> "/dev/" + c.name()).collect(Collectors.joining(", ")) + ")"));
        } else {
            String name = changer.getFileName().toString();
            sysfs.genericNodes().stream().filter(d -> d.name().equals(name) && d.type() != ScsiDevice.MEDIUM_CHANGER)
                    .findFirst().ifPresent(d -> problems.add("TAPE_CHANGER=" + changer + " is not a medium changer: it is "
                            + d.vendor() + " " + d.model() + " (SCSI type " + d.type() + ")" + (changers.isEmpty() ? ""
                            : "; the medium changer is /dev/" + changers.get(0).name())));
            access(changerNode, changer, problems);
        }
        if (drivesUnset) {
            problems.add("TAPE_DRIVES is not set: map the changer's data transfer elements to st devices, e.g."
                    + " TAPE_DRIVES=0=" + (tapes.isEmpty() ? "/dev/st0" : "/dev/" + tapes.get(0).name())
                    + " (the order of drives in 'mtx status' is the element number)");
        }
        for (Map.Entry<Integer, Path> drive : mapping.devices().entrySet()) {
            Path configured = drive.getValue();
            String name = configured.getFileName().toString();
            String stName = name.startsWith("nst") ? name.substring(1) : name;
            if (!tapes.isEmpty() && tapes.stream().noneMatch(t -> t.name().equals(stName))) {
                problems.add("TAPE_DRIVES maps data transfer element " + drive.getKey() + " to " + configured
                        + ", which is not a st device the kernel knows (it knows "
                        + tapes.stream().map(t -> "/dev/" + t.name()).collect(Collectors.joining(", ")) + ")");
            }
            Path nonRewinding = Path.of(StTapeDrive.nonRewindingNode(configured.toString()));
            NodeAccess access = NodeAccess.of(node(nonRewinding));
            out.printf("%-12s %s  (data transfer element %d)%n", nonRewinding, access.describe(), drive.getKey());
            if (!access.exists()) {
                problems.add(nonRewinding + " (the non-rewinding node of " + configured + ", data transfer element "
                        + drive.getKey() + ") does not exist: the st driver is not loaded (modprobe st) or the drive is"
                        + " not attached");
            } else {
                access(access, nonRewinding, problems);
            }
        }
        return changerNode.exists();
    }

    private void access(NodeAccess access, Path shown, List<String> problems) {
        if (access.readable() && access.writable()) {
            return;
        }
        String missing = !access.readable() && !access.writable() ? "readable or writable"
                : access.readable() ? "writable" : "readable";
        String fix = access.mode().substring(3, 5).equals("rw") && !user.inGroup(access.group())
                ? "add " + user.user() + " to group " + access.group() + " (usermod -aG " + access.group() + " "
                + user.user() + ", then log in again)"
                : "make it group " + (user.inGroup("tape") ? "tape" : "tape (and add " + user.user() + " to it)")
                + " with mode 0660 through a udev rule (see the README)";
        problems.add(shown + " is not " + missing + " by user " + user.user() + ": " + fix);
    }

    private Path node(Path configured) {
        return configured.startsWith(DEV) ? devRoot.resolve(DEV.relativize(configured).toString()) : configured;
    }

    private static List<String> finish(List<String> problems, PrintWriter out) {
        out.println();
        if (problems.isEmpty()) {
            out.println("== nothing wrong found");
        } else {
            out.println("== what is wrong (" + problems.size() + ")");
            problems.forEach(p -> out.println("- " + p));
        }
        out.flush();
        return List.copyOf(problems);
    }
}
