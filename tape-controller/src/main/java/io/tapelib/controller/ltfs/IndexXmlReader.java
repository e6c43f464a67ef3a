package io.tapelib.controller.ltfs;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streaming StAX reader of an LTFS index ({@code ltfsindex}, LTFS Format Specification 2.4, section 9.2; format
 * versions 1.0.0 to 2.x). Entries are handed to an {@link IndexVisitor} as they are parsed: a directory when its
 * {@code contents} begin, a file at its end. Memory use grows with the directory depth and the size of one entry,
 * never with the number of entries; the parse is iterative, so deep nesting cannot overflow the stack.
 *
 * <p>What the reader checks, following the specification and the reference implementation's
 * {@code xml_reader_libltfs.c}: the required elements of the index, of every directory and file, extent, location
 * and extended attribute, each at most once; unsigned decimal numbers that fit in 63 bits; booleans {@code true} or
 * {@code false}; time stamps; partitions {@code a} or {@code b}; a volume UUID; names that are not empty, '.', '..',
 * and at most {@link IndexLimits#maxNameBytes()} bytes; extents that do not overlap and end within the file length
 * (they are handed out sorted by file offset, so the bytes between them, and after the last one up to the length, are
 * sparse gaps that read as zeros, section 9.2 "extent"); the root directory's fileuid 1 and no other entry's 0 or 1;
 * no file both a symbolic link and holding extents. Unknown elements, and known ones in an unknown place, are skipped
 * with their whole subtree, as section 2.1 asks of readers of a later minor version. Known elements that follow a
 * directory's {@code contents} or the root directory cannot be applied by a streaming reader and are refused.
 *
 * <p>Hostile input: DTDs are not processed (no XXE, no entity expansion), and an index beyond {@link IndexLimits} is
 * refused. Whatever is wrong, the only exceptions are {@link MalformedIndexException}, naming the source and the line
 * and column, and {@link UnsupportedLtfsVersionException}; exceptions thrown by the visitor pass through unchanged.
 */
public final class IndexXmlReader {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern WHITESPACE = Pattern.compile("[ \t\r\n]+");
    /** Fixed bytes counted per extended attribute against {@link IndexLimits#maxXattrBytesPerEntry()}. */
    private static final int XATTR_OVERHEAD_BYTES = 64;

    private final XMLStreamReader xml;
    private final BoundedXmlInput input;
    private final String source;
    private final IndexVisitor visitor;
    private final IndexLimits limits;
    private final HeaderFields header = new HeaderFields();
    private FormatVersion version;
    /** Next fileuid handed to an entry of a version 1 index, which has none (reference: {@code fs_allocate_uid}). */
    private long nextLegacyUid = 2;

    private IndexXmlReader(XMLStreamReader xml, BoundedXmlInput input, String source, IndexVisitor visitor,
                           IndexLimits limits) {
        this.xml = xml;
        this.input = input;
        this.source = source;
        this.visitor = visitor;
        this.limits = limits;
    }

    /**
     * Parses an index with {@link IndexLimits#DEFAULT}.
     *
     * @see #read(InputStream, String, IndexVisitor, IndexLimits)
     */
    public static IndexHeader read(InputStream in, String source, IndexVisitor visitor) {
        return read(in, source, visitor, IndexLimits.DEFAULT);
    }

    /**
     * Parses an index, reading the stream to its end (so that a truncated index is noticed).
     *
     * @param in      the index XML (UTF-8); not closed
     * @param source  the volume and the index's place on tape, e.g. {@code TL0001L5 partition a block 5}, for errors
     * @param visitor receives the header, then every entry: the root first, parents before their children
     * @param limits  bounds on sizes and nesting
     * @return the index header, as handed to the visitor
     * @throws MalformedIndexException         not XML, truncated, a DTD, a missing, repeated or invalid element, a
     *                                         limit exceeded; the message names the source, line and column
     * @throws UnsupportedLtfsVersionException an index major version other than 1 or 2
     */
    public static IndexHeader read(InputStream in, String source, IndexVisitor visitor, IndexLimits limits) {
        BoundedXmlInput input = new BoundedXmlInput(in, limits);
        XMLStreamReader xml;
        try {
            xml = XmlFactories.input(limits).createXMLStreamReader(input);
        } catch (XMLStreamException | RuntimeException e) {
            throw new MalformedIndexException(source, problem(input, e), e);
        }
        IndexXmlReader reader = new IndexXmlReader(xml, input, source, visitor, limits);
        try {
            return reader.readIndex();
        } catch (XMLStreamException e) {
            throw new MalformedIndexException(source, problem(input, e), e);
        } finally {
            try {
                xml.close();
            } catch (XMLStreamException | RuntimeException ignored) {
                // closing a reader over a caller's stream frees only parser state
            }
        }
    }

    private static String problem(BoundedXmlInput input, Exception e) {
        if (input.violation() != null) {
            return input.violation();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "not well-formed XML: " + message.replace('\n', ' ');
    }

    private IndexHeader readIndex() throws XMLStreamException {
        // the declared encoding is known only in the initial START_DOCUMENT state
        String encoding = xml.getCharacterEncodingScheme();
        if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
            throw malformed("the index is declared " + encoding + "; LTFS indexes are UTF-8");
        }
        firstElement();
        if (!xml.getLocalName().equals("ltfsindex")) {
            throw malformed("the root element is <" + xml.getLocalName() + ">, not <ltfsindex>");
        }
        header.version = xml.getAttributeValue(null, "version");
        version = FormatVersion.check(source, header.version);
        boolean sawRoot = false;
        while (nextChild()) {
            String element = xml.getLocalName();
            if (element.equals("directory")) {
                if (sawRoot) {
                    throw malformed("a second root directory");
                }
                sawRoot = true;
                tree();
            } else if (header.isField(element)) {
                if (sawRoot) {
                    throw malformed("<" + element + "> follows the root directory; it must precede it");
                }
                header.read(element);
            } else {
                skip();
            }
        }
        if (!sawRoot) {
            throw malformed("the index has no root directory");
        }
        while (next() != XMLStreamConstants.END_DOCUMENT) {
            // reach the end so that trailing garbage is noticed
        }
        return header.toHeader();
    }

    /** One directory being read: its fields first, then its contents, then possibly unknown trailing elements. */
    private final class OpenDirectory {
        final EntryFields fields = new EntryFields(EntryKind.DIRECTORY);
        final String parentPath;
        String path;
        int phase;

        OpenDirectory(String parentPath) {
            this.parentPath = parentPath;
        }
    }

    private static final int FIELDS = 0;
    private static final int CONTENTS = 1;
    private static final int AFTER_CONTENTS = 2;

    /** Reads the root directory and everything below it, the cursor on the root's start tag. */
    private void tree() throws XMLStreamException {
        Deque<OpenDirectory> open = new ArrayDeque<>();
        open.push(new OpenDirectory(null));
        while (!open.isEmpty()) {
            OpenDirectory dir = open.peek();
            if (dir.phase == CONTENTS) {
                if (!nextChild()) {
                    dir.phase = AFTER_CONTENTS;
                    continue;
                }
                switch (xml.getLocalName()) {
                    case "directory" -> {
                        if (open.size() > limits.maxDirectoryDepth()) {
                            throw malformed("directories nested deeper than " + limits.maxDirectoryDepth());
                        }
                        open.push(new OpenDirectory(dir.path));
                    }
                    case "file" -> file(dir.path);
                    default -> skip();
                }
                continue;
            }
            if (!nextChild()) {
                if (dir.phase == FIELDS) {
                    throw malformed("directory " + describe(dir) + " has no <contents>");
                }
                open.pop();
                continue;
            }
            String element = xml.getLocalName();
            if (dir.phase == FIELDS) {
                if (element.equals("contents")) {
                    dir.path = emitDirectory(dir);
                    dir.phase = CONTENTS;
                } else if (!readCommon(dir.fields, element, dir.parentPath == null)) {
                    skip();
                }
            } else if (element.equals("contents") || dir.fields.isCommon(element)) {
                throw malformed("<" + element + "> follows the <contents> of directory '" + dir.path + "'");
            } else {
                skip();
            }
        }
    }

    private String describe(OpenDirectory dir) {
        if (dir.parentPath == null) {
            return "(the root)";
        }
        return dir.fields.name == null ? "in '" + dir.parentPath + "'" : "'" + LtfsPaths.child(dir.parentPath, dir.fields.name) + "'";
    }

    private String emitDirectory(OpenDirectory dir) {
        EntryFields fields = dir.fields;
        boolean root = dir.parentPath == null;
        fields.requireComplete(root);
        if (root) {
            checkFileUid(fields, true, "");
            header.volumeName = fields.name;
            IndexHeader complete = header.toHeader();
            visitor.header(complete);
            visitor.entry(fields.toEntry(""));
            return "";
        }
        String path = childPath(dir.parentPath, fields);
        checkFileUid(fields, false, path);
        visitor.entry(fields.toEntry(path));
        return path;
    }

    private void file(String parentPath) throws XMLStreamException {
        EntryFields fields = new EntryFields(EntryKind.FILE);
        boolean sawExtents = false;
        while (nextChild()) {
            String element = xml.getLocalName();
            if (readCommon(fields, element, false)) {
                continue;
            }
            switch (element) {
                case "length" -> {
                    fields.once(EntryFields.LENGTH, element);
                    fields.length = unsigned(element, text(element));
                }
                case "symlink" -> {
                    fields.once(EntryFields.SYMLINK, element);
                    fields.kind = EntryKind.SYMLINK;
                    fields.symlinkTarget = limited(element, nameText(element), limits.maxSymlinkTargetBytes());
                    if (fields.symlinkTarget.isEmpty()) {
                        throw malformed("<symlink> with an empty target");
                    }
                }
                case "extentinfo" -> {
                    fields.once(EntryFields.EXTENTS, element);
                    sawExtents = true;
                    extents(fields.extents);
                }
                default -> skip();
            }
        }
        if (!fields.has(EntryFields.LENGTH)) {
            throw malformed("file " + (fields.name == null ? "" : "'" + fields.name + "' ") + "has no <length>");
        }
        fields.requireComplete(false);
        String path = childPath(parentPath, fields);
        checkFileUid(fields, false, path);
        if (fields.kind == EntryKind.SYMLINK && sawExtents && !fields.extents.isEmpty()) {
            throw malformed("'" + path + "' is a symbolic link and also has extents");
        }
        checkExtents(path, fields);
        visitor.entry(fields.toEntry(path));
    }

    /** Sorts a file's extents by file offset; refuses overlaps and extents beyond the file length. */
    private void checkExtents(String path, EntryFields fields) {
        List<Extent> extents = fields.extents;
        extents.sort(Comparator.comparingLong(Extent::fileOffset));
        long end = 0;
        for (Extent extent : extents) {
            if (extent.fileOffset() < end) {
                throw malformed("extents of '" + path + "' overlap at file offset " + extent.fileOffset());
            }
            end = extent.fileOffset() + extent.byteCount();
        }
        if (end > fields.length) {
            throw malformed("extents of '" + path + "' end at byte " + end + ", beyond its length " + fields.length);
        }
    }

    private void checkFileUid(EntryFields fields, boolean root, String path) {
        if (!version.atLeast(FormatVersion.V2_0_0)) {
            fields.fileUid = root ? 1 : nextLegacyUid++;
            return;
        }
        if (root && fields.fileUid != 1) {
            throw malformed("the root directory has fileuid " + fields.fileUid + "; it must be 1");
        }
        if (!root && fields.fileUid <= 1) {
            throw malformed("'" + path + "' has fileuid " + fields.fileUid + "; 0 is invalid and 1 is the root's");
        }
    }

    private void extents(List<Extent> into) throws XMLStreamException {
        while (nextChild()) {
            if (!xml.getLocalName().equals("extent")) {
                skip();
                continue;
            }
            if (into.size() >= limits.maxExtentsPerFile()) {
                throw malformed("a file has more than " + limits.maxExtentsPerFile() + " extents");
            }
            into.add(extent(into));
        }
    }

    private Extent extent(List<Extent> previous) throws XMLStreamException {
        long fileOffset = -1;
        int partition = -1;
        long startBlock = -1;
        long byteOffset = -1;
        long byteCount = -1;
        while (nextChild()) {
            String element = xml.getLocalName();
            switch (element) {
                case "fileoffset" -> fileOffset = once(fileOffset, unsigned(element, text(element)), element);
                case "partition" -> partition = (int) once(partition, partition(text(element)), element);
                case "startblock" -> startBlock = once(startBlock, unsigned(element, text(element)), element);
                case "byteoffset" -> byteOffset = once(byteOffset, unsigned(element, text(element)), element);
                case "bytecount" -> byteCount = once(byteCount, unsigned(element, text(element)), element);
                default -> skip();
            }
        }
        if (!version.atLeast(FormatVersion.V2_0_0) && fileOffset < 0) {
            // before 2.0.0 extents lie end to end (reference implementation, _xml_parse_one_extent)
            fileOffset = previous.isEmpty() ? 0 : previous.get(previous.size() - 1).fileOffset()
                    + previous.get(previous.size() - 1).byteCount();
        }
        List<String> missing = new ArrayList<>();
        if (fileOffset < 0) {
            missing.add("fileoffset");
        }
        if (partition < 0) {
            missing.add("partition");
        }
        if (startBlock < 0) {
            missing.add("startblock");
        }
        if (byteOffset < 0) {
            missing.add("byteoffset");
        }
        if (byteCount < 0) {
            missing.add("bytecount");
        }
        if (!missing.isEmpty()) {
            throw malformed("extent lacks " + String.join(", ", missing));
        }
        if (fileOffset > Long.MAX_VALUE - byteCount) {
            throw malformed("extent at file offset " + fileOffset + " with " + byteCount + " bytes ends beyond 2^63-1");
        }
        return new Extent(partition, startBlock, byteOffset, byteCount, fileOffset);
    }

    private long once(long current, long value, String element) {
        if (current >= 0) {
            throw malformed("<" + element + "> appears twice");
        }
        return value;
    }

    private IndexLocation location(String element) throws XMLStreamException {
        int partition = -1;
        long block = -1;
        while (nextChild()) {
            String child = xml.getLocalName();
            switch (child) {
                case "partition" -> partition = (int) once(partition, partition(text(child)), child);
                case "startblock" -> block = once(block, unsigned(child, text(child)), child);
                default -> skip();
            }
        }
        if (partition < 0 || block < 0) {
            throw malformed("<" + element + "> lacks " + (partition < 0 ? "partition" : "startblock"));
        }
        return new IndexLocation(partition, block);
    }

    private DataPlacementPolicy policy() throws XMLStreamException {
        DataPlacementPolicy policy = null;
        while (nextChild()) {
            if (!xml.getLocalName().equals("indexpartitioncriteria")) {
                skip();
                continue;
            }
            if (policy != null) {
                throw malformed("<indexpartitioncriteria> appears twice");
            }
            long size = -1;
            List<String> names = new ArrayList<>();
            while (nextChild()) {
                String element = xml.getLocalName();
                switch (element) {
                    case "size" -> size = once(size, unsigned(element, text(element)), element);
                    case "name" -> {
                        if (names.size() >= 1024) {
                            throw malformed("more than 1024 name patterns in <indexpartitioncriteria>");
                        }
                        names.add(limited(element, nameText(element), limits.maxNameBytes()));
                    }
                    default -> skip();
                }
            }
            if (size < 0) {
                throw malformed("<indexpartitioncriteria> lacks size");
            }
            policy = new DataPlacementPolicy(size, names);
        }
        if (policy == null) {
            throw malformed("<dataplacementpolicy> lacks indexpartitioncriteria");
        }
        return policy;
    }

    private void xattrs(EntryFields fields) throws XMLStreamException {
        while (nextChild()) {
            if (!xml.getLocalName().equals("xattr")) {
                skip();
                continue;
            }
            String key = null;
            String value = null;
            while (nextChild()) {
                String element = xml.getLocalName();
                switch (element) {
                    case "key" -> {
                        if (key != null) {
                            throw malformed("<key> appears twice in an <xattr>");
                        }
                        key = limited(element, nameText(element), limits.maxXattrKeyBytes());
                    }
                    case "value" -> {
                        if (value != null) {
                            throw malformed("<value> appears twice in an <xattr>");
                        }
                        value = xattrValue();
                    }
                    default -> skip();
                }
            }
            if (key == null || key.isEmpty()) {
                throw malformed("<xattr> without a key");
            }
            if (value == null) {
                throw malformed("<xattr> '" + key + "' without a value");
            }
            fields.xattrBytes += key.length() + value.length() + XATTR_OVERHEAD_BYTES;
            if (fields.xattrBytes > limits.maxXattrBytesPerEntry()) {
                throw malformed("extended attributes of one entry exceed " + limits.maxXattrBytesPerEntry() + " bytes");
            }
            if (fields.xattrs.put(key, value) != null) {
                throw malformed("extended attribute '" + key + "' appears twice");
            }
        }
    }

    /** A {@code value} of type {@code text} (the default) or {@code base64} (section 9.2 "xattr"). */
    private String xattrValue() throws XMLStreamException {
        String type = xml.getAttributeValue(null, "type");
        String text = text("value");
        if (type == null || type.equals("text")) {
            return limited("value", text, limits.maxXattrValueBytes());
        }
        if (!type.equals("base64")) {
            throw malformed("xattr value type '" + type + "' is neither text nor base64");
        }
        byte[] bytes;
        try {
            // line breaks are allowed (libxml2 wraps base64), any other character outside the alphabet is not
            bytes = Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw malformed("xattr value is not base64: " + e.getMessage());
        }
        if (bytes.length > limits.maxXattrValueBytes()) {
            throw malformed("xattr value of " + bytes.length + " bytes exceeds " + limits.maxXattrValueBytes());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // extended attributes are kept as text here; a binary value cannot be represented without loss
            throw malformed("base64 xattr value is binary, not UTF-8 text, which this reader cannot keep");
        }
    }

    /** Reads a field common to directories and files; false when the element is not one. */
    private boolean readCommon(EntryFields fields, String element, boolean root) throws XMLStreamException {
        switch (element) {
            case "name" -> {
                fields.once(EntryFields.NAME, element);
                fields.name = root ? rootName() : entryName();
            }
            case "readonly" -> {
                fields.once(EntryFields.READONLY, element);
                fields.readonly = bool(element, text(element));
            }
            case "creationtime" -> {
                fields.once(EntryFields.CREATION, element);
                fields.creation = time(element);
            }
            case "changetime" -> {
                fields.once(EntryFields.CHANGE, element);
                fields.change = time(element);
            }
            case "modifytime" -> {
                fields.once(EntryFields.MODIFY, element);
                fields.modify = time(element);
            }
            case "accesstime" -> {
                fields.once(EntryFields.ACCESS, element);
                fields.access = time(element);
            }
            case "backuptime" -> {
                fields.once(EntryFields.BACKUP, element);
                time(element); // required and checked, not kept: IndexEntry has no backup time
            }
            case "fileuid" -> {
                fields.once(EntryFields.FILEUID, element);
                fields.fileUid = unsigned(element, text(element));
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

    /** The root's name is the volume name and may be empty. */
    private String rootName() throws XMLStreamException {
        return limited("name", nameText("name"), limits.maxNameBytes());
    }

    /** A file or directory name: not empty, '.' or '..'; a '/' becomes '_' as in the reference implementation. */
    private String entryName() throws XMLStreamException {
        String name = limited("name", nameText("name"), limits.maxNameBytes());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw malformed("invalid entry name '" + name + "'");
        }
        return name.indexOf('/') < 0 ? name : name.replace('/', '_');
    }

    private String childPath(String parentPath, EntryFields fields) {
        return LtfsPaths.child(parentPath, fields.name);
    }

    private Instant time(String element) throws XMLStreamException {
        String text = text(element).trim();
        try {
            return LtfsTime.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed("<" + element + "> '" + text + "' is not a UTC time stamp");
        }
    }

    private long unsigned(String element, String text) {
        String digits = text.trim();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed("<" + element + "> '" + shorten(text) + "' is not an unsigned decimal number");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw malformed("<" + element + "> " + shorten(digits) + " exceeds 2^63-1");
        }
    }

    private boolean bool(String element, String text) {
        return switch (text.trim()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw malformed("<" + element + "> '" + shorten(text) + "' is neither true nor false");
        };
    }

    private int partition(String text) {
        String id = text.trim();
        if (id.equals("a") || id.equals("b")) {
            return id.charAt(0) - 'a';
        }
        throw malformed("partition '" + shorten(text) + "' is neither a nor b");
    }

    /** Text of a name-typed element, percent-decoded when it says so. */
    private String nameText(String element) throws XMLStreamException {
        boolean encoded = "true".equals(xml.getAttributeValue(null, "percentencoded"));
        String text = text(element);
        if (!encoded) {
            return text;
        }
        try {
            return NameCodec.decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed("<" + element + ">: " + e.getMessage());
        }
    }

    private String limited(String element, String text, int maxBytes) {
        // a UTF-8 character takes at most 3 bytes per Java char, so only long texts need counting
        if (text.length() * 3L > maxBytes) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                throw malformed("<" + element + "> of " + bytes + " bytes exceeds the limit of " + maxBytes + " bytes");
            }
        }
        return text;
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** The text of a text-only element, the cursor on its start tag; stops a text longer than the limit early. */
    private String text(String element) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE,
                     XMLStreamConstants.ENTITY_REFERENCE -> {
                    if (text.length() + xml.getTextLength() > limits.maxTextChars()) {
                        throw malformed("<" + element + "> holds more than " + limits.maxTextChars() + " characters");
                    }
                    text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString();
                }
                case XMLStreamConstants.START_ELEMENT ->
                        throw malformed("<" + element + "> must hold text only, not <" + xml.getLocalName() + ">");
                case XMLStreamConstants.END_DOCUMENT -> throw malformed("the index ends inside <" + element + ">");
                default -> {
                    // comments and processing instructions
                }
            }
        }
    }

    /** Moves to the first start element of the document. */
    private void firstElement() throws XMLStreamException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.DTD) {
                throw malformed("a DTD is not allowed in an LTFS index (refused: external entities, entity expansion)");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                return;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw malformed("the index is empty");
            }
        }
    }

    /** Moves to the next child element of the current element; false at the current element's end. */
    private boolean nextChild() throws XMLStreamException {
        while (true) {
            switch (next()) {
                case XMLStreamConstants.START_ELEMENT:
                    return true;
                case XMLStreamConstants.END_ELEMENT:
                    return false;
                case XMLStreamConstants.END_DOCUMENT:
                    throw malformed("the index ends before its elements are closed");
                case XMLStreamConstants.DTD:
                    throw malformed("a DTD is not allowed in an LTFS index");
                default:
                    // text between elements, comments, processing instructions
            }
        }
    }

    /** Skips the current element and its whole subtree, the cursor on its start tag. */
    private void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw malformed("the index ends inside an element");
            }
        }
    }

    /**
     * The parser's next event. The JDK's parser has been known to throw unchecked exceptions on some malformed input;
     * they are as much a sign of a malformed index as an {@link XMLStreamException}.
     */
    private int next() throws XMLStreamException {
        if (!xml.hasNext()) {
            return XMLStreamConstants.END_DOCUMENT;
        }
        try {
            return xml.next();
        } catch (XMLStreamException e) {
            throw new MalformedIndexException(source, problem(input, e) + where(), e);
        } catch (RuntimeException e) {
            throw new MalformedIndexException(source, problem(input, e) + where(), e);
        }
    }

    private String where() {
        try {
            Location location = xml.getLocation();
            return location == null ? "" : " (line " + location.getLineNumber() + ", column "
                    + location.getColumnNumber() + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private MalformedIndexException malformed(String problem) {
        return new MalformedIndexException(source, problem + where());
    }

    /** Fields of a directory or file element as they are read. */
    private final class EntryFields {
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
        final Map<String, String> xattrs = new HashMap<>();

        EntryFields(EntryKind kind) {
            this.kind = kind;
        }

        boolean has(int field) {
            return (seen & field) != 0;
        }

        boolean isCommon(String element) {
            return switch (element) {
                case "name", "readonly", "creationtime", "changetime", "modifytime", "accesstime", "backuptime",
                     "fileuid", "extendedattributes" -> true;
                default -> false;
            };
        }

        void once(int field, String element) {
            if (has(field)) {
                throw malformed("<" + element + "> appears twice in one entry");
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
                throw malformed(what + " lacks " + String.join(", ", missing));
            }
        }

        IndexEntry toEntry(String path) {
            int mode;
            int uid;
            int gid;
            try {
                mode = PosixAttributes.mode(xattrs, kind, readonly);
                uid = PosixAttributes.id(xattrs, PosixAttributes.UID);
                gid = PosixAttributes.id(xattrs, PosixAttributes.GID);
            } catch (NumberFormatException e) {
                throw malformed("'" + path + "' has an invalid " + PosixAttributes.MODE + ", " + PosixAttributes.UID
                        + " or " + PosixAttributes.GID + ": " + e.getMessage());
            }
            return new IndexEntry(path, kind, kind == EntryKind.FILE ? length : 0, mode, uid, gid,
                    creation, change, modify, access, symlinkTarget, extents, PosixAttributes.withoutVendor(xattrs),
                    fileUid, PosixAttributes.isReadonly(mode));
        }
    }

    /** Fields of the index preface as they are read. */
    private final class HeaderFields {
        private static final int CREATOR = 1;
        private static final int VOLUMEUUID = 1 << 1;
        private static final int GENERATION = 1 << 2;
        private static final int UPDATETIME = 1 << 3;
        private static final int LOCATION = 1 << 4;
        private static final int ALLOWPOLICYUPDATE = 1 << 5;
        private static final int HIGHESTFILEUID = 1 << 6;
        private static final int COMMENT = 1 << 7;
        private static final int PREVIOUS = 1 << 8;
        private static final int POLICY = 1 << 9;
        private static final int LOCKSTATE = 1 << 10;
        private static final String[] NAMES = {"creator", "volumeuuid", "generationnumber", "updatetime", "location",
            "allowpolicyupdate", "highestfileuid"};

        int seen;
        String version;
        String creator;
        String comment;
        String volumeUuid;
        long generation;
        Instant updateTime;
        IndexLocation location;
        IndexLocation previous;
        boolean allowPolicyUpdate;
        long highestFileUid;
        String volumeLockState;
        String volumeName;
        DataPlacementPolicy policy;

        boolean isField(String element) {
            return bit(element) != 0;
        }

        private int bit(String element) {
            return switch (element) {
                case "creator" -> CREATOR;
                case "volumeuuid" -> VOLUMEUUID;
                case "generationnumber" -> GENERATION;
                case "updatetime" -> UPDATETIME;
                case "location" -> LOCATION;
                case "allowpolicyupdate" -> ALLOWPOLICYUPDATE;
                case "highestfileuid" -> HIGHESTFILEUID;
                case "comment" -> COMMENT;
                case "previousgenerationlocation" -> PREVIOUS;
                case "dataplacementpolicy" -> POLICY;
                case "volumelockstate" -> LOCKSTATE;
                default -> 0;
            };
        }

        void read(String element) throws XMLStreamException {
            int bit = bit(element);
            if ((seen & bit) != 0) {
                throw malformed("<" + element + "> appears twice in the index");
            }
            seen |= bit;
            switch (element) {
                case "creator" -> creator = text(element);
                case "comment" -> comment = limited(element, text(element), limits.maxCommentBytes());
                case "volumeuuid" -> {
                    volumeUuid = text(element).trim();
                    if (!UUID.matcher(volumeUuid).matches()) {
                        throw malformed("volumeuuid '" + shorten(volumeUuid) + "' is not a UUID");
                    }
                }
                case "generationnumber" -> generation = unsigned(element, text(element));
                case "updatetime" -> updateTime = time(element);
                case "location" -> location = location(element);
                case "previousgenerationlocation" -> previous = location(element);
                case "allowpolicyupdate" -> allowPolicyUpdate = bool(element, text(element));
                case "highestfileuid" -> highestFileUid = unsigned(element, text(element));
                case "volumelockstate" -> volumeLockState = text(element).trim();
                case "dataplacementpolicy" -> policy = policy();
                default -> throw new IllegalArgumentException(element);
            }
        }

        IndexHeader toHeader() {
            int required = CREATOR | VOLUMEUUID | GENERATION | UPDATETIME | LOCATION | ALLOWPOLICYUPDATE
                    | (IndexXmlReader.this.version.atLeast(FormatVersion.V2_0_0) ? HIGHESTFILEUID : 0);
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < NAMES.length; i++) {
                if ((required & (1 << i)) != 0 && (seen & (1 << i)) == 0) {
                    missing.add(NAMES[i]);
                }
            }
            if (!missing.isEmpty()) {
                throw malformed("the index lacks " + String.join(", ", missing) + " before the root directory");
            }
            return new IndexHeader(version, creator, comment, volumeUuid, generation, updateTime, location,
                    Optional.ofNullable(previous), allowPolicyUpdate, highestFileUid, volumeLockState,
                    volumeName == null || volumeName.isEmpty() ? null : volumeName, Optional.ofNullable(policy));
        }
    }
}
