package io.tapelib.controller.ltfs;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
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
 *
 * <p>This class walks the directory tree; {@link IndexCursor} moves over the XML, {@link IndexValues} parses values,
 * {@link IndexHeaderReader} reads the elements before the root directory, {@link EntryReader} and
 * {@link ExtentInfoReader} the fields of one entry.
 */
public final class IndexXmlReader {

    private final IndexCursor cursor;
    private final String source;
    private final IndexVisitor visitor;
    private final IndexLimits limits;

    private IndexXmlReader(IndexCursor cursor, String source, IndexVisitor visitor, IndexLimits limits) {
        this.cursor = cursor;
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
            throw new MalformedIndexException(source, IndexCursor.problem(input, e), e);
        }
        IndexXmlReader reader = new IndexXmlReader(new IndexCursor(xml, input, source, limits), source, visitor, limits);
        try {
            return reader.readIndex();
        } catch (XMLStreamException e) {
            throw new MalformedIndexException(source, IndexCursor.problem(input, e), e);
        } finally {
            try {
                xml.close();
            } catch (XMLStreamException | RuntimeException ignored) {
                // closing a reader over a caller's stream frees only parser state
            }
        }
    }

    private IndexHeader readIndex() throws XMLStreamException {
        // the declared encoding is known only in the initial START_DOCUMENT state
        String encoding = cursor.declaredEncoding();
        if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
            throw cursor.malformed("the index is declared " + encoding + "; LTFS indexes are UTF-8");
        }
        cursor.firstElement();
        if (!cursor.localName().equals("ltfsindex")) {
            throw cursor.malformed("the root element is <" + cursor.localName() + ">, not <ltfsindex>");
        }
        String versionText = cursor.attribute("version");
        FormatVersion version = FormatVersion.check(source, versionText);
        IndexValues values = new IndexValues(cursor, limits);
        IndexHeaderReader header = new IndexHeaderReader(cursor, values, limits, versionText, version);
        EntryReader entries = new EntryReader(cursor, values, limits, version);
        boolean sawRoot = false;
        while (cursor.nextChild()) {
            String element = cursor.localName();
            if (element.equals("directory")) {
                if (sawRoot) {
                    throw cursor.malformed("a second root directory");
                }
                sawRoot = true;
                tree(header, entries);
            } else if (header.isField(element)) {
                if (sawRoot) {
                    throw cursor.malformed("<" + element + "> follows the root directory; it must precede it");
                }
                header.read(element);
            } else {
                cursor.skip();
            }
        }
        if (!sawRoot) {
            throw cursor.malformed("the index has no root directory");
        }
        cursor.toEnd();
        return header.toHeader();
    }

    /** One directory being read: its fields first, then its contents, then possibly unknown trailing elements. */
    private static final class OpenDirectory {
        final EntryFields fields;
        final String parentPath;
        String path;
        int phase;

        OpenDirectory(EntryFields fields, String parentPath) {
            this.fields = fields;
            this.parentPath = parentPath;
        }
    }

    private static final int FIELDS = 0;
    private static final int CONTENTS = 1;
    private static final int AFTER_CONTENTS = 2;

    /** Reads the root directory and everything below it, the cursor on the root's start tag. */
    private void tree(IndexHeaderReader header, EntryReader entries) throws XMLStreamException {
        Deque<OpenDirectory> open = new ArrayDeque<>();
        open.push(new OpenDirectory(entries.fields(EntryKind.DIRECTORY), null));
        while (!open.isEmpty()) {
            OpenDirectory dir = open.peek();
            if (dir.phase == CONTENTS) {
                if (!cursor.nextChild()) {
                    dir.phase = AFTER_CONTENTS;
                    continue;
                }
                switch (cursor.localName()) {
                    case "directory" -> {
                        if (open.size() > limits.maxDirectoryDepth()) {
                            throw cursor.malformed("directories nested deeper than " + limits.maxDirectoryDepth());
                        }
                        open.push(new OpenDirectory(entries.fields(EntryKind.DIRECTORY), dir.path));
                    }
                    case "file" -> visitor.entry(entries.file(dir.path));
                    default -> cursor.skip();
                }
                continue;
            }
            if (!cursor.nextChild()) {
                if (dir.phase == FIELDS) {
                    throw cursor.malformed("directory " + describe(dir) + " has no <contents>");
                }
                open.pop();
                continue;
            }
            String element = cursor.localName();
            if (dir.phase == FIELDS) {
                if (element.equals("contents")) {
                    dir.path = emitDirectory(dir, header, entries);
                    dir.phase = CONTENTS;
                } else if (!entries.readCommon(dir.fields, element, dir.parentPath == null)) {
                    cursor.skip();
                }
            } else if (element.equals("contents") || EntryFields.isCommon(element)) {
                throw cursor.malformed("<" + element + "> follows the <contents> of directory '" + dir.path + "'");
            } else {
                cursor.skip();
            }
        }
    }

    private static String describe(OpenDirectory dir) {
        if (dir.parentPath == null) {
            return "(the root)";
        }
        return dir.fields.name == null ? "in '" + dir.parentPath + "'" : "'" + LtfsPaths.child(dir.parentPath, dir.fields.name) + "'";
    }

    /** Hands the directory (after the header, for the root) to the visitor; returns its path. */
    private String emitDirectory(OpenDirectory dir, IndexHeaderReader header, EntryReader entries) {
        EntryFields fields = dir.fields;
        boolean root = dir.parentPath == null;
        fields.requireComplete(root);
        if (root) {
            entries.checkFileUid(fields, true, "");
            header.volumeName(fields.name);
            IndexHeader complete = header.toHeader();
            visitor.header(complete);
            visitor.entry(fields.toEntry(""));
            return "";
        }
        String path = LtfsPaths.child(dir.parentPath, fields.name);
        entries.checkFileUid(fields, false, path);
        visitor.entry(fields.toEntry(path));
        return path;
    }
}
