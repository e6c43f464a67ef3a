package io.tapelib.controller.ltfs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.stream.XMLStreamException;

/**
 * Reads the {@code extentinfo} of one file (LTFS Format Specification 2.4, section 9.2 "extent"): every
 * {@code extent} with its five fields, at most {@link IndexLimits#maxExtentsPerFile()} of them, then checks that they
 * neither overlap nor end beyond the file length.
 */
final class ExtentInfoReader {

    private final IndexCursor cursor;
    private final IndexValues values;
    private final IndexLimits limits;
    private final FormatVersion version;

    ExtentInfoReader(IndexCursor cursor, IndexValues values, IndexLimits limits, FormatVersion version) {
        this.cursor = cursor;
        this.values = values;
        this.limits = limits;
        this.version = version;
    }

    /** Adds the extents of an {@code extentinfo} in document order, the cursor on its start tag. */
    void read(List<Extent> into) throws XMLStreamException {
        while (cursor.nextChild()) {
            if (!cursor.localName().equals("extent")) {
                cursor.skip();
                continue;
            }
            if (into.size() >= limits.maxExtentsPerFile()) {
                throw cursor.malformed("a file has more than " + limits.maxExtentsPerFile() + " extents");
            }
            into.add(extent(into));
        }
    }

    /**
     * Sorts a file's extents by file offset; refuses overlaps and extents beyond the file length.
     *
     * @param length the file length, in bytes
     */
    void check(String path, List<Extent> extents, long length) {
        extents.sort(Comparator.comparingLong(Extent::fileOffset));
        long end = 0;
        for (Extent extent : extents) {
            if (extent.fileOffset() < end) {
                throw cursor.malformed("extents of '" + path + "' overlap at file offset " + extent.fileOffset());
            }
            end = extent.fileOffset() + extent.byteCount();
        }
        if (end > length) {
            throw cursor.malformed("extents of '" + path + "' end at byte " + end + ", beyond its length " + length);
        }
    }

    private Extent extent(List<Extent> previous) throws XMLStreamException {
        long fileOffset = -1;
        int partition = -1;
        long startBlock = -1;
        long byteOffset = -1;
        long byteCount = -1;
        while (cursor.nextChild()) {
            String element = cursor.localName();
            switch (element) {
                case "fileoffset" -> fileOffset = values.once(fileOffset, unsigned(element), element);
                case "partition" -> partition = (int) values.once(partition, values.partition(cursor.text(element)),
                        element);
                case "startblock" -> startBlock = values.once(startBlock, unsigned(element), element);
                case "byteoffset" -> byteOffset = values.once(byteOffset, unsigned(element), element);
                case "bytecount" -> byteCount = values.once(byteCount, unsigned(element), element);
                default -> cursor.skip();
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
            throw cursor.malformed("extent lacks " + String.join(", ", missing));
        }
        if (fileOffset > Long.MAX_VALUE - byteCount) {
            throw cursor.malformed("extent at file offset " + fileOffset + " with " + byteCount
                    + " bytes ends beyond 2^63-1");
        }
        return new Extent(partition, startBlock, byteOffset, byteCount, fileOffset);
    }

    private long unsigned(String element) throws XMLStreamException {
        return values.unsigned(element, cursor.text(element));
    }
}
