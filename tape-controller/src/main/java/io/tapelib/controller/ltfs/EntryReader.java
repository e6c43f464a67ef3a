package io.tapelib.controller.ltfs;

import javax.xml.stream.XMLStreamException;

/**
 * Reads the fields of one directory or file of an LTFS index (LTFS Format Specification 2.4, section 9.2): the name,
 * readonly flag, times, fileuid and extended attributes they share, a file's length, symbolic link target and
 * extents; checks the fileuid and hands out a version 1 index's entries the fileuids it lacks.
 */
final class EntryReader {
    /** Fixed bytes counted per extended attribute against {@link IndexLimits#maxXattrBytesPerEntry()}. */
    private static final int XATTR_OVERHEAD_BYTES = 64;

    private final IndexCursor cursor;
    private final IndexValues values;
    private final IndexLimits limits;
    private final FormatVersion version;
    private final ExtentInfoReader extents;
    /** Next fileuid handed to an entry of a version 1 index, which has none (reference: {@code fs_allocate_uid}). */
    private long nextLegacyUid = 2;

    EntryReader(IndexCursor cursor, IndexValues values, IndexLimits limits, FormatVersion version) {
        this.cursor = cursor;
        this.values = values;
        this.limits = limits;
        this.version = version;
        this.extents = new ExtentInfoReader(cursor, values, limits, version);
    }

    /** Empty fields of a new entry. */
    EntryFields fields(EntryKind kind) {
        return new EntryFields(kind, cursor, version);
    }

    /**
     * Reads a whole {@code file} element, the cursor on its start tag.
     *
     * @param parentPath the path of the directory holding it
     * @return the file or symbolic link, checked
     */
    IndexEntry file(String parentPath) throws XMLStreamException {
        EntryFields fields = fields(EntryKind.FILE);
        boolean sawExtents = false;
        while (cursor.nextChild()) {
            String element = cursor.localName();
            if (readCommon(fields, element, false)) {
                continue;
            }
            switch (element) {
                case "length" -> {
                    fields.once(EntryFields.LENGTH, element);
                    fields.length = values.unsigned(element, cursor.text(element));
                }
                case "symlink" -> {
                    fields.once(EntryFields.SYMLINK, element);
                    fields.kind = EntryKind.SYMLINK;
                    fields.symlinkTarget = values.limited(element, values.nameText(element),
                            limits.maxSymlinkTargetBytes());
                    if (fields.symlinkTarget.isEmpty()) {
                        throw cursor.malformed("<symlink> with an empty target");
                    }
                }
                case "extentinfo" -> {
                    fields.once(EntryFields.EXTENTS, element);
                    sawExtents = true;
                    extents.read(fields.extents);
                }
                default -> cursor.skip();
            }
        }
        if (!fields.has(EntryFields.LENGTH)) {
            throw cursor.malformed("file " + (fields.name == null ? "" : "'" + fields.name + "' ") + "has no <length>");
        }
        fields.requireComplete(false);
        String path = LtfsPaths.child(parentPath, fields.name);
        checkFileUid(fields, false, path);
        if (fields.kind == EntryKind.SYMLINK && sawExtents && !fields.extents.isEmpty()) {
            throw cursor.malformed("'" + path + "' is a symbolic link and also has extents");
        }
        extents.check(path, fields.extents, fields.length);
        return fields.toEntry(path);
    }

    /**
     * Reads a field common to directories and files, the cursor on its start tag.
     *
     * @param root whether the entry is the root directory, whose name may be empty
     * @return false when the element is not one of the common fields (and was not read)
     */
    boolean readCommon(EntryFields fields, String element, boolean root) throws XMLStreamException {
        switch (element) {
            case "name" -> {
                fields.once(EntryFields.NAME, element);
                fields.name = root ? rootName() : entryName();
            }
            case "readonly" -> {
                fields.once(EntryFields.READONLY, element);
                fields.readonly = values.bool(element, cursor.text(element));
            }
            case "creationtime" -> {
                fields.once(EntryFields.CREATION, element);
                fields.creation = values.time(element);
            }
            case "changetime" -> {
                fields.once(EntryFields.CHANGE, element);
                fields.change = values.time(element);
            }
            case "modifytime" -> {
                fields.once(EntryFields.MODIFY, element);
                fields.modify = values.time(element);
            }
            case "accesstime" -> {
                fields.once(EntryFields.ACCESS, element);
                fields.access = values.time(element);
            }
            case "backuptime" -> {
                fields.once(EntryFields.BACKUP, element);
                values.time(element); // required and checked, not kept: IndexEntry has no backup time
            }
            case "fileuid" -> {
                fields.once(EntryFields.FILEUID, element);
                fields.fileUid = values.unsigned(element, cursor.text(element));
            }
            case "extendedattributes" -> {
                fields.once(EntryFields.XATTRS, element);
                xattrs(fields);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks the entry's fileuid: 1 for the root and above 1 for any other entry; an index before 2.0.0 has none, so
     * the entry is given one.
     */
    void checkFileUid(EntryFields fields, boolean root, String path) {
        if (!version.atLeast(FormatVersion.V2_0_0)) {
            fields.fileUid = root ? 1 : nextLegacyUid++;
            return;
        }
        if (root && fields.fileUid != 1) {
            throw cursor.malformed("the root directory has fileuid " + fields.fileUid + "; it must be 1");
        }
        if (!root && fields.fileUid <= 1) {
            throw cursor.malformed("'" + path + "' has fileuid " + fields.fileUid
                    + "; 0 is invalid and 1 is the root's");
        }
    }

    private void xattrs(EntryFields fields) throws XMLStreamException {
        while (cursor.nextChild()) {
            if (!cursor.localName().equals("xattr")) {
                cursor.skip();
                continue;
            }
            String key = null;
            XattrValue value = null;
            while (cursor.nextChild()) {
                String element = cursor.localName();
                switch (element) {
                    case "key" -> {
                        if (key != null) {
                            throw cursor.malformed("<key> appears twice in an <xattr>");
                        }
                        key = values.limited(element, values.nameText(element), limits.maxXattrKeyBytes());
                    }
                    case "value" -> {
                        if (value != null) {
                            throw cursor.malformed("<value> appears twice in an <xattr>");
                        }
                        value = values.xattrValue();
                    }
                    default -> cursor.skip();
                }
            }
            if (key == null || key.isEmpty()) {
                throw cursor.malformed("<xattr> without a key");
            }
            if (value == null) {
                throw cursor.malformed("<xattr> '" + key + "' without a value");
            }
            fields.xattrBytes += key.length() + value.length() + XATTR_OVERHEAD_BYTES;
            if (fields.xattrBytes > limits.maxXattrBytesPerEntry()) {
                throw cursor.malformed("extended attributes of one entry exceed " + limits.maxXattrBytesPerEntry()
                        + " bytes");
            }
            if (fields.xattrs.put(key, value) != null) {
                throw cursor.malformed("extended attribute '" + key + "' appears twice");
            }
        }
    }

    /** The root's name is the volume name and may be empty. */
    private String rootName() throws XMLStreamException {
        return values.limited("name", values.nameText("name"), limits.maxNameBytes());
    }

    /** A file or directory name: not empty, '.' or '..'; a '/' becomes '_' as in the reference implementation. */
    private String entryName() throws XMLStreamException {
        String name = values.limited("name", values.nameText("name"), limits.maxNameBytes());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw cursor.malformed("invalid entry name '" + name + "'");
        }
        return name.indexOf('/') < 0 ? name : name.replace('/', '_');
    }
}
