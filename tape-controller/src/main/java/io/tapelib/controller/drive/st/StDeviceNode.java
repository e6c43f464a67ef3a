package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names and checks st device nodes. The st driver's character devices have major number 9; bit 7 of the minor number
 * selects the non-rewinding node (Documentation/scsi/st.rst, "Minor Numbers"; st(4)). Nodes are named
 * {@code st<n>[l|m|a]} (rewinding) and {@code nst<n>[l|m|a]} (non-rewinding).
 */
final class StDeviceNode {

    /** The st driver's character major number (linux/major.h SCSI_TAPE_MAJOR). */
    static final int SCSI_TAPE_MAJOR = 9;
    private static final int NO_REWIND_MINOR_BIT = 0x80;
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final Pattern REWINDING = Pattern.compile("st\\d+[lma]?");

    private StDeviceNode() {
    }

    /**
     * The non-rewinding node for a tape node: {@code /dev/st0} becomes {@code /dev/nst0}, {@code /dev/st1l}
     * {@code /dev/nst1l}; any other path (an {@code nst} node, a udev link) is returned as it is.
     */
    static String nonRewindingNode(String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        return REWINDING.matcher(name).matches() ? path.substring(0, slash + 1) + "n" + name : path;
    }

    /**
     * Resolves links and checks that the node is a non-rewinding character device of the st driver.
     *
     * @param given the path the operator configured
     * @return the real path of the non-rewinding node, e.g. {@code /dev/nst0}
     * @throws DeviceException naming {@code given}: it does not exist, is not a character device, is not of the st
     *                         driver (major 9), or is a rewinding node reached through a link
     */
    static Path resolve(String given) {
        Path real;
        try {
            real = Path.of(nonRewindingNode(Path.of(given).toRealPath().toString()));
        } catch (NoSuchFileException e) {
            throw new DeviceException(given, "no such device node");
        } catch (IOException e) {
            throw new DeviceException(given, "cannot resolve the device node: " + e.getMessage(), e);
        }
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(real, "unix:mode,rdev");
        } catch (NoSuchFileException e) {
            throw new DeviceException(given, "no non-rewinding node " + real + " for this tape drive");
        } catch (IOException | UnsupportedOperationException e) {
            throw new DeviceException(given, "cannot stat " + real + ": " + e.getMessage(), e);
        }
        int mode = (Integer) attributes.get("mode");
        if ((mode & S_IFMT) != S_IFCHR) {
            throw new DeviceException(given, real + " is not a character device, so not a tape drive of the st"
                    + " driver (expected a node such as /dev/nst0)");
        }
        long rdev = (Long) attributes.get("rdev");
        long major = major(rdev);
        long minor = minor(rdev);
        if (major != SCSI_TAPE_MAJOR) {
            throw new DeviceException(given, real + " is character device " + major + ":" + minor
                    + ", not a tape drive of the st driver (major " + SCSI_TAPE_MAJOR + ")");
        }
        if ((minor & NO_REWIND_MINOR_BIT) == 0) {
            throw new DeviceException(given, real + " is a rewinding st node (minor " + minor
                    + "); use the non-rewinding nst node so that positions survive close");
        }
        return real;
    }

    /** glibc's gnu_dev_major: bits 8-19 and 32-43 of a dev_t. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
    }

    /** glibc's gnu_dev_minor: bits 0-7 and 20-31 of a dev_t. */
    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
    }
}
