package io.tapelib.controller.ltfs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one {@code directory} or {@code file} element of an LTFS index as they are read (LTFS Format
 * Specification 2.4, section 9.2): which elements were seen, so that each appears at most once and the required ones
 * are there, and the values that become an {@link IndexEntry}.
 */
final class EntryFields {
    static final int NAME = 1;
    static final int READONLY = 1 << 1;
    static final int CREATION = 1 << 2;
    static final int CHANGE = 1 << 3;
    static final int MODIFY = 1 << 4;
    static final int ACCESS = 1 << 5;
    static final int BACKUP = 1 << 6;
    static final int FILEUID = 1 << 7;
    static final int XATTRS = 1 << 8;
    static final int LENGTH = 1 << 9;
    static final int SYMLINK = 1 << 10;
    static final int EXTENTS = 1 << 11;
    private static final String[] NAMES = {"name", "readonly", "creationtime", "changetime", "modifytime",
        "accesstime", "backuptime", "fileuid"};

    private final IndexCursor cursor;
    private final FormatVersion version;

    EntryKind kind;
    int seen;
    String name;
    long length;
    boolean readonly;
    Instant creation;
    Instant change;
    Instant modify;
    Instant access;
    long fileUid;
    String symlinkTarget;
    long xattrBytes;
    final List<Extent> extents = new ArrayList<>();
    final Map<String, XattrValue> xattrs = new HashMap<>();

    EntryFields(EntryKind kind, IndexCursor cursor, FormatVersion version) {
        this.kind = kind;
        this.cursor = cursor;
        this.version = version;
    }

    boolean has(int field) {
        return (seen & field) != 0;
    }

    /** Whether the element is one that directories and files share. */
    static boolean isCommon(String element) {
        return switch (element) {
            case "name", "readonly", "creationtime", "changetime", "modifytime", "accesstime", "backuptime",
                 "fileuid", "extendedattributes" -> true;
            default -> false;
        };
    }

    /** Marks the field seen; refuses it when it was seen before. */
    void once(int field, String element) {
        if (has(field)) {
            throw cursor.malformed("<" + element + "> appears twice in one entry");
        }
        seen |= field;
    }

    /** Refuses an entry without the elements required of every entry (section 9.2; backuptime and fileuid from
     * 2.0.0 on). */
    void requireComplete(boolean root) {
        int required = NAME | READONLY | CREATION | CHANGE | MODIFY | ACCESS
                | (version.atLeast(FormatVersion.V2_0_0) ? BACKUP | FILEUID : 0);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((required & (1 << i)) != 0 && (seen & (1 << i)) == 0) {
                missing.add(NAMES[i]);
            }
        }
        if (!missing.isEmpty()) {
            String what = root ? "the root directory" : (kind == EntryKind.DIRECTORY ? "directory " : "file ")
                    + (name == null ? "without a name" : "'" + name + "'");
            throw cursor.malformed(what + " lacks " + String.join(", ", missing));
        }
    }

    /**
     * The entry at {@code path}: POSIX mode, owner and group, the kind of a special file, its device number and the
     * link group taken from our vendor extended attributes ({@link PosixAttributes}, {@link SpecialFiles}).
     */
    IndexEntry toEntry(String path) {
        EntryKind entryKind = kind == EntryKind.FILE ? SpecialFiles.kind(xattrs) : kind;
        int mode;
        int uid;
        int gid;
        long deviceNumber;
        try {
            mode = PosixAttributes.mode(xattrs, entryKind, readonly);
            uid = PosixAttributes.id(xattrs, PosixAttributes.UID);
            gid = PosixAttributes.id(xattrs, PosixAttributes.GID);
            deviceNumber = entryKind.device() ? SpecialFiles.deviceNumber(xattrs) : 0;
        } catch (NumberFormatException e) {
            throw cursor.malformed("'" + path + "' has an invalid " + PosixAttributes.MODE + ", " + PosixAttributes.UID
                    + ", " + PosixAttributes.GID + " or " + SpecialFiles.RDEV + ": " + e.getMessage());
        }
        boolean file = entryKind == EntryKind.FILE;
        return new IndexEntry(path, entryKind, file ? length : 0, mode, uid, gid,
                creation, change, modify, access, symlinkTarget, file ? extents : List.of(),
                PosixAttributes.withoutVendor(xattrs), fileUid, PosixAttributes.isReadonly(mode), deviceNumber,
                file ? SpecialFiles.linkGroup(xattrs) : "");
    }
}
