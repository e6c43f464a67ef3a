package io.tapelib.controller.ltfs;

import java.util.HashMap;
import java.util.Map;

/**
 * POSIX mode, owner and group kept in our vendor extended attributes (text, octal mode and decimal ids) (LTFS Format Specification 2.4, Annex F.2:
 * names under {@code ltfs.vendor.<vendor>.} belong to that vendor). An index without them (written by other software)
 * gives files 0644 and directories 0755, or 0444 and 0555 when the entry is readonly, owner and group 0.
 */
final class PosixAttributes {

    static final String MODE = "ltfs.vendor.tapelib.mode";
    static final String UID = "ltfs.vendor.tapelib.uid";
    static final String GID = "ltfs.vendor.tapelib.gid";

    private PosixAttributes() {
    }

    /** Whether a mode has no write permission bit, which LTFS records as {@code readonly}. */
    static boolean isReadonly(int mode) {
        return (mode & 0222) == 0;
    }

    static int defaultMode(EntryKind kind, boolean readonly) {
        int mode = kind == EntryKind.DIRECTORY ? 0755 : 0644;
        return readonly ? mode & ~0222 : mode;
    }

    /**
     * The mode of an entry read from an index: the vendor attribute when present (write bits cleared when the index
     * marks the entry readonly, as another implementation may have done), else the default.
     *
     * @throws NumberFormatException when the vendor attribute is not octal
     */
    static int mode(Map<String, XattrValue> xattrs, EntryKind kind, boolean readonly) {
        String text = text(xattrs, MODE);
        if (text == null) {
            return defaultMode(kind, readonly);
        }
        int mode = Integer.parseInt(digits(text, 7), 8) & 07777;
        return readonly ? mode & ~0222 : mode;
    }

    /** @throws NumberFormatException when the attribute is not an unsigned decimal number below 2^31 */
    static int id(Map<String, XattrValue> xattrs, String key) {
        String text = text(xattrs, key);
        return text == null ? 0 : Integer.parseInt(digits(text, 9));
    }

    /** The trimmed text when it is an unsigned number of at most {@code maxDigits} digits (so it fits in an int). */
    private static String digits(String text, int maxDigits) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.length() > maxDigits || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException("'" + text + "' is not an unsigned number of at most " + maxDigits + " digits");
        }
        return trimmed;
    }

    /**
     * The text of a vendor attribute, null when absent.
     *
     * @throws NumberFormatException a binary value (never written by us)
     */
    static String text(Map<String, XattrValue> xattrs, String key) {
        XattrValue value = xattrs.get(key);
        if (value == null) {
            return null;
        }
        return value.text().orElseThrow(() -> new NumberFormatException(key + " is not text"));
    }

    /** Extended attributes without our vendor ones (POSIX attributes, special files, link groups). */
    static Map<String, XattrValue> withoutVendor(Map<String, XattrValue> xattrs) {
        Map<String, XattrValue> rest = new HashMap<>(xattrs);
        rest.remove(MODE);
        rest.remove(UID);
        rest.remove(GID);
        SpecialFiles.KEYS.forEach(rest::remove);
        return rest;
    }

    /**
     * Extended attributes to write for an entry: its own plus our vendor POSIX ones, which are left out when they
     * hold what a reader derives without them (the default mode for the kind and readonly flag, owner and group 0),
     * so that an index of plain entries looks like the reference implementation's.
     */
    static Map<String, XattrValue> withVendor(IndexEntry entry) {
        Map<String, XattrValue> all = new HashMap<>(entry.xattrs());
        boolean defaults = entry.mode() == defaultMode(entry.kind(), entry.readonly()) && entry.uid() == 0
                && entry.gid() == 0;
        if (!defaults) {
            all.put(MODE, XattrValue.ofText(String.format("%04o", entry.mode())));
            all.put(UID, XattrValue.ofText(Integer.toString(entry.uid())));
            all.put(GID, XattrValue.ofText(Integer.toString(entry.gid())));
        }
        all.putAll(SpecialFiles.vendor(entry));
        return all;
    }
}
