package io.tapelib.controller.ltfs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How an index carries what LTFS has no element for, in our vendor extended attributes (LTFS Format Specification
 * 2.4, Annex F.2: names under {@code ltfs.vendor.<vendor>.} belong to that vendor), so that any LTFS implementation
 * still reads the volume:
 * <ul>
 *   <li>a FIFO, device node or socket is an empty {@code file} with {@value #TYPE} = {@code fifo}, {@code chardev},
 *   {@code blockdev} or {@code socket}, and for devices {@value #RDEV} = {@code "major:minor"} (decimal); another
 *   implementation shows an empty regular file;</li>
 *   <li>the names of one file (hard links) are {@code file} entries sharing one extent list, each with
 *   {@value #LINKGROUP} = the group's id (the {@code fileuid} of its first entry); another implementation shows
 *   independent files with the same content.</li>
 * </ul>
 * Device numbers are Linux's encoding ({@link DeviceNumbers}).
 */
final class SpecialFiles {

    static final String TYPE = "ltfs.vendor.tapelib.type";
    static final String RDEV = "ltfs.vendor.tapelib.rdev";
    static final String LINKGROUP = "ltfs.vendor.tapelib.linkgroup";
    static final List<String> KEYS = List.of(TYPE, RDEV, LINKGROUP);

    private SpecialFiles() {
    }

    /** The vendor attributes that carry an entry's kind, device number and link group; empty for plain entries. */
    static Map<String, XattrValue> vendor(IndexEntry entry) {
        Map<String, XattrValue> vendor = new HashMap<>();
        if (entry.kind().special()) {
            vendor.put(TYPE, XattrValue.ofText(typeName(entry.kind())));
        }
        if (entry.kind().device()) {
            vendor.put(RDEV, XattrValue.ofText(DeviceNumbers.text(entry.deviceNumber())));
        }
        if (!entry.linkGroup().isEmpty()) {
            vendor.put(LINKGROUP, XattrValue.ofText(entry.linkGroup()));
        }
        return vendor;
    }

    /**
     * The kind of a {@code file} element read from an index: a special kind when {@value #TYPE} names one, else
     * FILE (a type we do not know is read as a plain file, as another implementation would).
     */
    static EntryKind kind(Map<String, XattrValue> xattrs) {
        XattrValue type = xattrs.get(TYPE);
        return switch (type == null ? "" : type.textOr("")) {
            case "fifo" -> EntryKind.FIFO;
            case "chardev" -> EntryKind.CHARACTER_DEVICE;
            case "blockdev" -> EntryKind.BLOCK_DEVICE;
            case "socket" -> EntryKind.SOCKET;
            default -> EntryKind.FILE;
        };
    }

    /**
     * The device number of {@value #RDEV}, 0 when absent.
     *
     * @throws NumberFormatException a value that is not {@code "major:minor"} in decimal
     */
    static long deviceNumber(Map<String, XattrValue> xattrs) {
        String text = PosixAttributes.text(xattrs, RDEV);
        if (text == null) {
            return 0;
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new NumberFormatException("'" + text + "' is not major:minor");
        }
        return DeviceNumbers.makedev(Long.parseUnsignedLong(text.substring(0, colon).trim()),
                Long.parseUnsignedLong(text.substring(colon + 1).trim()));
    }

    /** The link group of {@value #LINKGROUP}, {@code ""} when absent. */
    static String linkGroup(Map<String, XattrValue> xattrs) {
        XattrValue value = xattrs.get(LINKGROUP);
        return value == null ? "" : value.textOr("");
    }

    private static String typeName(EntryKind kind) {
        return switch (kind) {
            case FIFO -> "fifo";
            case CHARACTER_DEVICE -> "chardev";
            case BLOCK_DEVICE -> "blockdev";
            case SOCKET -> "socket";
            default -> throw new IllegalArgumentException(kind + " is not a special file");
        };
    }
}
