package io.tapelib.controller.ltfs.bench;

import io.tapelib.controller.ltfs.XattrValue;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.Extent;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.IndexHeader;
import io.tapelib.controller.ltfs.IndexLocation;
import io.tapelib.controller.ltfs.IndexVisitor;
import io.tapelib.controller.ltfs.IndexXmlReader;
import io.tapelib.controller.ltfs.IndexXmlWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Benchmark, not a test (issue 4, acceptance 5): writes an LTFS index of 1,000,000 files in nested directories with
 * the streaming {@link IndexXmlWriter}, then parses it with the streaming {@link IndexXmlReader}, and prints the
 * seconds of each and the peak heap (sum of the heap pools' peak usage, reset after a {@code System.gc()} before each
 * phase). Run it with {@code deploy/bench.sh index}, which gives the JVM {@code -Xmx512m} so that finishing at all
 * proves the bound.
 *
 * <p>Arguments: {@code [files] [index path]}; defaults 1000000 and a temporary file, deleted afterwards.
 */
public final class IndexParseBenchmark {

    /** Files per leaf directory: 10 top directories x 100 subdirectories x 1,000 files = 1,000,000. */
    private static final int FILES_PER_DIRECTORY = 1000;
    private static final int SUBDIRECTORIES = 100;

    private IndexParseBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long files = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path index = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("ltfs-index-bench", ".xml");
        try {
            resetPeaks();
            long start = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(index), 1 << 20)) {
                IndexXmlWriter.write(out, header(files), directory("", 1), new Tree(files));
            }
            double writeSeconds = (System.nanoTime() - start) / 1e9;
            long writePeak = peakHeapBytes();

            resetPeaks();
            Counter counter = new Counter();
            start = System.nanoTime();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(index), 1 << 20)) {
                IndexXmlReader.read(in, "bench " + index, counter);
            }
            double parseSeconds = (System.nanoTime() - start) / 1e9;
            long parsePeak = peakHeapBytes();

            System.out.printf("index: %s, %,d bytes, %,d files, %,d directories, %,d extents%n", index,
                    Files.size(index), counter.files, counter.directories, counter.extents);
            System.out.printf("write: %.1f s, peak heap %,d MiB%n", writeSeconds, writePeak >> 20);
            System.out.printf("parse: %.1f s, peak heap %,d MiB (max heap %,d MiB)%n", parseSeconds, parsePeak >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            if (counter.files != files) {
                throw new IllegalStateException("parsed " + counter.files + " files, wrote " + files);
            }
        } finally {
            if (args.length <= 1) {
                Files.deleteIfExists(index);
            }
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one moment. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static final Instant TIME = Instant.parse("2030-01-01T00:00:00.123456789Z");

    private static IndexHeader header(long files) {
        return new IndexHeader("2.4.0", "bench", null, "00000000-0000-4000-8000-000000000001", 2, TIME,
                new IndexLocation(1, 1_000_000), Optional.of(new IndexLocation(1, 6)), true, files + 2000, "unlocked",
                "BENCH");
    }

    private static IndexEntry directory(String path, long uid) {
        return new IndexEntry(path, EntryKind.DIRECTORY, 0, 0755, 0, 0, TIME, TIME, TIME, TIME, null, List.of(),
                Map.of(), uid, false);
    }

    /** The entries in directory order, made one at a time: nothing of the tree is held in memory. */
    private static final class Tree implements Iterator<IndexEntry> {
        private final long files;
        private long made;
        private long uid = 2;
        private int top = -1;
        private int sub = -1;
        private int inDirectory = FILES_PER_DIRECTORY;

        Tree(long files) {
            this.files = files;
        }

        @Override
        public boolean hasNext() {
            return made < files;
        }

        @Override
        public IndexEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (inDirectory == FILES_PER_DIRECTORY) {
                inDirectory = 0;
                if (sub == -1 || sub == SUBDIRECTORIES - 1) {
                    top++;
                    sub = -1;
                    return directory(String.format("top%02d", top), uid++);
                }
                sub++;
                return directory(String.format("top%02d/sub%03d", top, sub), uid++);
            }
            if (sub == -1) {
                sub = 0;
                inDirectory = 0;
                return directory(String.format("top%02d/sub%03d", top, sub), uid++);
            }
            long n = made++;
            inDirectory++;
            long length = 1000 + n % 100_000;
            String path = String.format("top%02d/sub%03d/file-%07d.dat", top, sub, n);
            return new IndexEntry(path, EntryKind.FILE, length, 0644, 0, 0, TIME, TIME, TIME, TIME, null,
                    List.of(new Extent(1, 10 + n, 0, length, 0)),
                    XattrValue.texts(Map.of("ltfs.hash.sha256sum", String.format("%064x", n))), uid++, false);
        }
    }

    private static final class Counter implements IndexVisitor {
        long files;
        long directories;
        long extents;

        @Override
        public void header(IndexHeader header) {
        }

        @Override
        public void entry(IndexEntry entry) {
            if (entry.kind() == EntryKind.DIRECTORY) {
                directories++;
            } else {
                files++;
                extents += entry.extents().size();
            }
        }
    }
}
