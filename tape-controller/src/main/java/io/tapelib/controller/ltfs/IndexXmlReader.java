package io.tapelib.controller.ltfs;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streaming StAX reader of an LTFS index ({@code ltfsindex}, LTFS Format Specification 2.4, section 9.2). Entries are
 * handed to an {@link IndexVisitor} as they are parsed: a directory when its {@code contents} begin, a file at its end;
 * memory use grows with the directory depth, not with the number of entries. DTDs are refused (no XXE, no entity
 * expansion); unknown elements are skipped, as the specification asks of readers.
 */
public final class IndexXmlReader {

    private final XMLStreamReader xml;
    private final String source;
    private final IndexVisitor visitor;
    private final HeaderFields header = new HeaderFields();

    private IndexXmlReader(XMLStreamReader xml, String source, IndexVisitor visitor) {
        this.xml = xml;
        this.source = source;
        this.visitor = visitor;
    }

    /**
     * Parses an index.
     *
     * @param in      the index XML (UTF-8); not closed
     * @param source  the volume and the index's place on tape, for error messages
     * @param visitor receives the header, then every entry
     * @return the index header
     * @throws MalformedIndexException         invalid or truncated XML, a DTD, a missing or invalid element
     * @throws UnsupportedLtfsVersionException an index version other than 1.x or 2.x
     */
    public static IndexHeader read(InputStream in, String source, IndexVisitor visitor) {
        XMLStreamReader xml;
        try {
            xml = XmlFactories.input().createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw new MalformedIndexException(source, e.getMessage(), e);
        }
        IndexXmlReader reader = new IndexXmlReader(xml, source, visitor);
        try {
            return reader.readIndex();
        } catch (XMLStreamException e) {
            throw new MalformedIndexException(source, e.getMessage(), e);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new MalformedIndexException(source, "invalid value near " + reader.where() + ": " + e.getMessage(), e);
        } finally {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // closing a reader over a caller's stream frees only parser state
            }
        }
    }

    private String where() {
        return "line " + xml.getLocation().getLineNumber();
    }

    private IndexHeader readIndex() throws XMLStreamException {
        nextStart();
        if (!xml.getLocalName().equals("ltfsindex")) {
            throw new MalformedIndexException(source, "root element is <" + xml.getLocalName() + ">, not <ltfsindex>");
        }
        header.version = xml.getAttributeValue(null, "version");
        FormatVersion.check(source, header.version);
        boolean sawRoot = false;
        while (nextChild()) {
            switch (xml.getLocalName()) {
                case "creator" -> header.creator = text();
                case "comment" -> header.comment = text();
                case "volumeuuid" -> header.volumeUuid = text().trim();
                case "generationnumber" -> header.generation = Long.parseLong(text().trim());
                case "updatetime" -> header.updateTime = LtfsTime.parse(text());
                case "location" -> header.location = location();
                case "previousgenerationlocation" -> header.previous = location();
                case "allowpolicyupdate" -> header.allowPolicyUpdate = Boolean.parseBoolean(text().trim());
                case "highestfileuid" -> header.highestFileUid = Long.parseLong(text().trim());
                case "volumelockstate" -> header.volumeLockState = text().trim();
                case "directory" -> {
                    if (sawRoot) {
                        throw new MalformedIndexException(source, "second root directory at " + where());
                    }
                    sawRoot = true;
                    directory(null);
                }
                default -> skip();
            }
        }
        if (!sawRoot) {
            throw new MalformedIndexException(source, "index has no root directory");
        }
        while (xml.hasNext()) {
            xml.next(); // reach the end so that a truncated document is noticed
        }
        return header.toHeader();
    }

    /** Parses a directory; parentPath null for the root. */
    private void directory(String parentPath) throws XMLStreamException {
        EntryFields fields = new EntryFields(EntryKind.DIRECTORY);
        boolean emitted = false;
        String path = null;
        while (nextChild()) {
            String element = xml.getLocalName();
            if (element.equals("contents")) {
                path = emitDirectory(fields, parentPath);
                emitted = true;
                while (nextChild()) {
                    switch (xml.getLocalName()) {
                        case "directory" -> directory(path);
                        case "file" -> file(path);
                        default -> skip();
                    }
                }
            } else if (!fields.common(element)) {
                skip();
            }
        }
        if (!emitted) {
            emitDirectory(fields, parentPath);
        }
    }

    private String emitDirectory(EntryFields fields, String parentPath) {
        if (parentPath == null) {
            header.volumeName = fields.name;
            visitor.header(header.toHeader());
            visitor.entry(fields.toEntry(""));
            return "";
        }
        String path = childPath(parentPath, fields);
        visitor.entry(fields.toEntry(path));
        return path;
    }

    private void file(String parentPath) throws XMLStreamException {
        EntryFields fields = new EntryFields(EntryKind.FILE);
        while (nextChild()) {
            String element = xml.getLocalName();
            if (fields.common(element)) {
                continue;
            }
            switch (element) {
                case "length" -> fields.length = Long.parseLong(text().trim());
                case "symlink" -> {
                    fields.kind = EntryKind.SYMLINK;
                    fields.symlinkTarget = nameText();
                }
                case "extentinfo" -> {
                    while (nextChild()) {
                        if (xml.getLocalName().equals("extent")) {
                            fields.extents.add(extent());
                        } else {
                            skip();
                        }
                    }
                }
                default -> skip();
            }
        }
        visitor.entry(fields.toEntry(childPath(parentPath, fields)));
    }

    private String childPath(String parentPath, EntryFields fields) {
        if (fields.name == null || fields.name.isEmpty()) {
            throw new MalformedIndexException(source, "entry without a name in directory '" + parentPath + "' at " + where());
        }
        if (fields.name.contains("/")) {
            throw new MalformedIndexException(source, "name '" + fields.name + "' contains a slash");
        }
        return LtfsPaths.child(parentPath, fields.name);
    }

    private Extent extent() throws XMLStreamException {
        long fileOffset = 0;
        int partition = -1;
        long startBlock = -1;
        long byteOffset = 0;
        long byteCount = -1;
        while (nextChild()) {
            switch (xml.getLocalName()) {
                case "fileoffset" -> fileOffset = Long.parseLong(text().trim());
                case "partition" -> partition = IndexLocation.partitionNumber(text());
                case "startblock" -> startBlock = Long.parseLong(text().trim());
                case "byteoffset" -> byteOffset = Long.parseLong(text().trim());
                case "bytecount" -> byteCount = Long.parseLong(text().trim());
                default -> skip();
            }
        }
        if (partition < 0 || startBlock < 0 || byteCount < 0) {
            throw new MalformedIndexException(source, "extent lacks partition, startblock or bytecount at " + where());
        }
        return new Extent(partition, startBlock, byteOffset, byteCount, fileOffset);
    }

    private IndexLocation location() throws XMLStreamException {
        int partition = -1;
        long block = -1;
        while (nextChild()) {
            switch (xml.getLocalName()) {
                case "partition" -> partition = IndexLocation.partitionNumber(text());
                case "startblock" -> block = Long.parseLong(text().trim());
                default -> skip();
            }
        }
        if (partition < 0 || block < 0) {
            throw new MalformedIndexException(source, "location lacks partition or startblock at " + where());
        }
        return new IndexLocation(partition, block);
    }

    private void xattrs(Map<String, String> into) throws XMLStreamException {
        while (nextChild()) {
            if (!xml.getLocalName().equals("xattr")) {
                skip();
                continue;
            }
            String key = null;
            String value = "";
            while (nextChild()) {
                switch (xml.getLocalName()) {
                    case "key" -> key = nameText();
                    case "value" -> {
                        boolean base64 = "base64".equals(xml.getAttributeValue(null, "type"));
                        String text = text();
                        value = base64
                                ? new String(Base64.getMimeDecoder().decode(text.trim()), StandardCharsets.UTF_8)
                                : text;
                    }
                    default -> skip();
                }
            }
            if (key == null) {
                throw new MalformedIndexException(source, "xattr without key at " + where());
            }
            into.put(key, value);
        }
    }

    /** The text of a name-typed element, percent-decoded when it says so. */
    private String nameText() throws XMLStreamException {
        boolean encoded = "true".equals(xml.getAttributeValue(null, "percentencoded"));
        String text = text();
        return encoded ? NameCodec.decode(text) : text;
    }

    private String text() throws XMLStreamException {
        return xml.getElementText();
    }

    /** Moves to the first start element of the document. */
    private void nextStart() throws XMLStreamException {
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.DTD) {
                throw new MalformedIndexException(source, "a DTD is not allowed in an LTFS index (refused: external entities)");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                return;
            }
        }
        throw new MalformedIndexException(source, "empty index");
    }

    /** Moves to the next child element of the current element; false at the current element's end. */
    private boolean nextChild() throws XMLStreamException {
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT:
                    return true;
                case XMLStreamConstants.END_ELEMENT:
                    return false;
                case XMLStreamConstants.END_DOCUMENT:
                    throw new MalformedIndexException(source, "index ends before its elements are closed");
                case XMLStreamConstants.DTD:
                    throw new MalformedIndexException(source, "a DTD is not allowed in an LTFS index");
                default:
                    // whitespace, comments, processing instructions
            }
        }
    }

    private void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new MalformedIndexException(source, "index ends inside an element");
            }
        }
    }

    /** Fields of a directory or file element as they are read. */
    private final class EntryFields {
        EntryKind kind;
        String name;
        long length;
        boolean readonly;
        Instant creation = Instant.EPOCH;
        Instant change = Instant.EPOCH;
        Instant modify = Instant.EPOCH;
        Instant access = Instant.EPOCH;
        long fileUid;
        String symlinkTarget;
        final List<Extent> extents = new ArrayList<>();
        final Map<String, String> xattrs = new HashMap<>();

        EntryFields(EntryKind kind) {
            this.kind = kind;
        }

        /** Reads an element common to files and directories; false when the element is not one. */
        boolean common(String element) throws XMLStreamException {
            switch (element) {
                case "name" -> name = nameText();
                case "readonly" -> readonly = Boolean.parseBoolean(text().trim());
                case "creationtime" -> creation = LtfsTime.parse(text());
                case "changetime" -> change = LtfsTime.parse(text());
                case "modifytime" -> modify = LtfsTime.parse(text());
                case "accesstime" -> access = LtfsTime.parse(text());
                case "fileuid" -> fileUid = Long.parseLong(text().trim());
                case "extendedattributes" -> xattrs(xattrs);
                default -> {
                    return false;
                }
            }
            return true;
        }

        IndexEntry toEntry(String path) {
            int mode = PosixAttributes.mode(xattrs, kind, readonly);
            return new IndexEntry(path, kind, kind == EntryKind.FILE ? length : 0, mode,
                    PosixAttributes.id(xattrs, PosixAttributes.UID), PosixAttributes.id(xattrs, PosixAttributes.GID),
                    creation, change, modify, access, symlinkTarget, extents, PosixAttributes.withoutVendor(xattrs),
                    fileUid, PosixAttributes.isReadonly(mode));
        }
    }

    /** Fields of the index preface as they are read. */
    private final class HeaderFields {
        String version;
        String creator = "";
        String comment;
        String volumeUuid;
        long generation = -1;
        Instant updateTime;
        IndexLocation location;
        IndexLocation previous;
        boolean allowPolicyUpdate;
        long highestFileUid;
        String volumeLockState;
        String volumeName;

        IndexHeader toHeader() {
            if (volumeUuid == null || generation < 0 || location == null || updateTime == null) {
                throw new MalformedIndexException(source,
                        "index lacks volumeuuid, generationnumber, updatetime or location before the root directory");
            }
            return new IndexHeader(version, creator, comment, volumeUuid, generation, updateTime, location,
                    Optional.ofNullable(previous), allowPolicyUpdate, highestFileUid, volumeLockState,
                    volumeName == null || volumeName.isEmpty() ? null : volumeName);
        }
    }
}
