package io.tapelib.controller.ltfs;

import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Streaming StAX writer of an LTFS index (LTFS Format Specification 2.4, section 9.2) in the element order and layout
 * of the reference implementation ({@code xml_writer_libltfs.c}, {@code _xml_write_schema}): XML declaration, one
 * element per line, no indentation; in {@code ltfsindex} creator, comment, volumeuuid, generationnumber, updatetime,
 * location, previousgenerationlocation, allowpolicyupdate, dataplacementpolicy, highestfileuid, volumelockstate and
 * the root directory; in a directory name, readonly, the five times, fileuid, extendedattributes (only when there are
 * any) and contents ({@code <contents/>} when empty); in a file name, length, readonly, the five times, fileuid,
 * extendedattributes, then symlink or extentinfo; in an extent fileoffset, partition, startblock, byteoffset,
 * bytecount. Times have nine fraction digits and a Z; names, link targets and xattr keys are percent-encoded by
 * {@link NameCodec}'s rules. {@code backuptime} is written equal to {@code creationtime}, as the reference
 * implementation does for entries it creates. POSIX mode, owner and group other than the defaults are added as our
 * vendor extended attributes ({@link PosixAttributes}). Memory use does not grow with the number of entries.
 */
public final class IndexXmlWriter {

    /** Value of the {@code creator} element (LTFS Format Specification 2.4, section 7.2 Creator format). */
    public static final String CREATOR = "Tape Library Service 0.1.0 - Linux - tape-controller";

    private final XMLStreamWriter xml;

    private IndexXmlWriter(XMLStreamWriter xml) {
        this.xml = xml;
    }

    /**
     * Writes an index.
     *
     * @param out     receives UTF-8 XML; flushed, not closed
     * @param header  the preface; {@code version} and {@code creator} are replaced by ours
     * @param root    the root directory (path {@code ""}); its name is {@code header.volumeName()}
     * @param entries every other entry in depth-first order: each directory directly followed by its contents
     * @throws LtfsException when an entry does not follow its parent, or the XML cannot be written
     */
    public static void write(OutputStream out, IndexHeader header, IndexEntry root, Iterator<IndexEntry> entries) {
        try {
            XMLStreamWriter xml = XmlFactories.output().createXMLStreamWriter(out, "UTF-8");
            new IndexXmlWriter(xml).document(header, root, entries);
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new LtfsException("cannot write LTFS index XML: " + e.getMessage(), e);
        }
    }

    private void document(IndexHeader header, IndexEntry root, Iterator<IndexEntry> entries) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        newline();
        xml.writeStartElement("ltfsindex");
        xml.writeAttribute("version", FormatVersion.WRITTEN);
        newline();
        leaf("creator", CREATOR);
        if (header.comment() != null) {
            leaf("comment", header.comment());
        }
        leaf("volumeuuid", header.volumeUuid());
        leaf("generationnumber", Long.toString(header.generation()));
        leaf("updatetime", LtfsTime.format(header.updateTime()));
        location("location", header.location());
        if (header.previousGeneration().isPresent()) {
            location("previousgenerationlocation", header.previousGeneration().get());
        }
        leaf("allowpolicyupdate", Boolean.toString(header.allowPolicyUpdate()));
        if (header.dataPlacementPolicy().isPresent()) {
            policy(header.dataPlacementPolicy().get());
        }
        leaf("highestfileuid", Long.toString(header.highestFileUid()));
        leaf("volumelockstate", header.volumeLockState() == null ? "unlocked" : header.volumeLockState());
        tree(header.volumeName(), root, new PeekingIterator(entries));
        xml.writeEndElement();
        newline();
        xml.writeEndDocument();
    }

    private void tree(String volumeName, IndexEntry root, PeekingIterator entries) throws XMLStreamException {
        Deque<String> open = new ArrayDeque<>();
        openDirectory(root, volumeName, entries, open);
        while (entries.hasNext()) {
            IndexEntry entry = entries.next();
            String parent = entry.parentPath();
            while (!open.isEmpty() && !open.peek().equals(parent)) {
                closeDirectory(open);
            }
            if (open.isEmpty()) {
                throw new LtfsException("index entry '" + entry.path() + "' does not follow its parent directory");
            }
            if (entry.kind() == EntryKind.DIRECTORY) {
                openDirectory(entry, entry.name(), entries, open);
            } else {
                file(entry);
            }
        }
        while (!open.isEmpty()) {
            closeDirectory(open);
        }
    }

    private void openDirectory(IndexEntry dir, String name, PeekingIterator entries, Deque<String> open)
            throws XMLStreamException {
        start("directory");
        if (name == null || name.isEmpty()) {
            xml.writeEmptyElement("name");
            newline();
        } else {
            nameElement("name", name);
        }
        common(dir);
        IndexEntry next = entries.peek();
        if (next != null && dir.path().equals(next.parentPath())) {
            start("contents");
            open.push(dir.path());
        } else {
            xml.writeEmptyElement("contents");
            newline();
            end();
        }
    }

    private void closeDirectory(Deque<String> open) throws XMLStreamException {
        open.pop();
        end(); // contents
        end(); // directory
    }

    private void file(IndexEntry file) throws XMLStreamException {
        start("file");
        nameElement("name", file.name());
        leaf("length", Long.toString(file.kind() == EntryKind.FILE ? file.length() : 0));
        common(file);
        if (file.kind() == EntryKind.SYMLINK) {
            nameElement("symlink", file.symlinkTarget());
        } else if (!file.extents().isEmpty()) {
            start("extentinfo");
            for (Extent extent : file.extents()) {
                start("extent");
                leaf("fileoffset", Long.toString(extent.fileOffset()));
                leaf("partition", String.valueOf(IndexLocation.partitionId(extent.partition())));
                leaf("startblock", Long.toString(extent.startBlock()));
                leaf("byteoffset", Long.toString(extent.byteOffset()));
                leaf("bytecount", Long.toString(extent.byteCount()));
                end();
            }
            end();
        }
        end();
    }

    /** readonly, the five times, fileuid and extended attributes, in the reference implementation's order. */
    private void common(IndexEntry entry) throws XMLStreamException {
        leaf("readonly", Boolean.toString(entry.readonly()));
        time("creationtime", entry.creationTime());
        time("changetime", entry.changeTime());
        time("modifytime", entry.modifyTime());
        time("accesstime", entry.accessTime());
        time("backuptime", entry.creationTime());
        leaf("fileuid", Long.toString(entry.fileUid()));
        Map<String, XattrValue> xattrs = new TreeMap<>(PosixAttributes.withVendor(entry));
        if (xattrs.isEmpty()) {
            return; // the reference implementation writes no empty extendedattributes element
        }
        start("extendedattributes");
        for (Map.Entry<String, XattrValue> xattr : xattrs.entrySet()) {
            start("xattr");
            nameElement("key", xattr.getKey());
            XattrValue value = xattr.getValue();
            if (value.xmlText()) {
                leaf("value", value.text().orElseThrow());
            } else {
                // binary, or text XML 1.0 cannot carry: LTFS Format Specification 2.4, §9.2 "extendedattributes"
                xml.writeStartElement("value");
                xml.writeAttribute("type", "base64");
                xml.writeCharacters(value.base64());
                xml.writeEndElement();
                newline();
            }
            end();
        }
        end();
    }

    private void policy(DataPlacementPolicy policy) throws XMLStreamException {
        start("dataplacementpolicy");
        start("indexpartitioncriteria");
        leaf("size", Long.toString(policy.maxFileSize()));
        for (String pattern : policy.namePatterns()) {
            nameElement("name", pattern);
        }
        end();
        end();
    }

    private void location(String element, IndexLocation location) throws XMLStreamException {
        start(element);
        leaf("partition", String.valueOf(IndexLocation.partitionId(location.partition())));
        leaf("startblock", Long.toString(location.startBlock()));
        end();
    }

    private void nameElement(String element, String name) throws XMLStreamException {
        if (NameCodec.needsEncoding(name)) {
            xml.writeStartElement(element);
            xml.writeAttribute("percentencoded", "true");
            xml.writeCharacters(NameCodec.encode(name));
            xml.writeEndElement();
            newline();
        } else {
            leaf(element, name);
        }
    }

    private void time(String element, Instant time) throws XMLStreamException {
        leaf(element, LtfsTime.format(time));
    }

    private void leaf(String element, String text) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(text);
        xml.writeEndElement();
        newline();
    }

    private void start(String element) throws XMLStreamException {
        xml.writeStartElement(element);
        newline();
    }

    private void end() throws XMLStreamException {
        xml.writeEndElement();
        newline();
    }

    private void newline() throws XMLStreamException {
        xml.writeCharacters("\n");
    }

    /** An iterator that can look one entry ahead (to write {@code <contents/>} for an empty directory). */
    private static final class PeekingIterator {
        private final Iterator<IndexEntry> source;
        private IndexEntry peeked;

        PeekingIterator(Iterator<IndexEntry> source) {
            this.source = source;
        }

        boolean hasNext() {
            return peeked != null || source.hasNext();
        }

        IndexEntry next() {
            IndexEntry next = peek();
            peeked = null;
            return next;
        }

        IndexEntry peek() {
            if (peeked == null && source.hasNext()) {
                peeked = source.next();
            }
            return peeked;
        }
    }
}
