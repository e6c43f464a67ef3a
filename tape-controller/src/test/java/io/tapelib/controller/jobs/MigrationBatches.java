package io.tapelib.controller.jobs;

import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * What the scheduler tests feed a migration and read back: small virtual cartridges (64 MiB, early warning 1 MiB
 * before the end, no timing), batches of generated files as the gRPC reader hands them over, and the paths on tape.
 */
final class MigrationBatches {
    static final long MIB = 1024 * 1024;
    /** The capacity of {@link #smallLibrary}'s cartridges, bytes. */
    static final long CARTRIDGE_BYTES = 64 * MIB;

    private MigrationBatches() {
    }

    /** An MSL4048 with {@code drives} drives and cartridges of {@link #CARTRIDGE_BYTES}, no timing. */
    static VirtualLibraryConfig smallLibrary(int drives) {
        return VirtualLibraryConfig.msl4048().withDrives(drives)
                .withCartridgeCapacityBytes(CARTRIDGE_BYTES).withEarlyWarningBytes(MIB).withTimeScale(0);
    }

    /** {@link #smallLibrary(int)} opened under {@code dir/library}, as {@link VirtualScheduler} opens it. */
    static VirtualLibrary smallLibrary(Path dir, int drives) throws IOException {
        return VirtualLibrary.open(dir.resolve("library"), smallLibrary(drives));
    }

    /** An {@link IndexSink} that ignores the volume and every entry (a test that wants only the mount's effects). */
    static final IndexSink IGNORE_INDEX = new IndexSink() {
        @Override
        public void volume(VolumeSummary volume) {
        }

        @Override
        public void entry(IndexEntry entry) {
        }
    };

    /** The paths the index on tape names, read after an unmount and a fresh mount of {@code tag}. */
    static List<String> pathsOnTape(DriveScheduler scheduler, String tag) throws Exception {
        List<String> paths = new ArrayList<>();
        scheduler.onVolume(tag, null, (volume, job) -> {
            volume.unmount();
            try (var entries = volume.mount().entries()) {
                entries.map(IndexEntry::path).forEach(paths::add);
            }
            return null;
        }).get(1, TimeUnit.MINUTES);
        return paths;
    }

    static FileMetadata metadata(String path, EntryKind kind) {
        Instant now = Instant.now();
        return new FileMetadata(path, kind, kind == EntryKind.DIRECTORY ? 0755 : 0644, 1000, 1000, now, now, now, now,
                null);
    }

    static IncomingFile directory(long id, String path) {
        return new IncomingFile(id, metadata(path, EntryKind.DIRECTORY), 0, InputStream.nullInputStream());
    }

    static IncomingFile file(long id, String path, long length) {
        return new IncomingFile(id, metadata(path, EntryKind.FILE), length, new CountingData(Math.max(0, length)));
    }

    /** {@code length} bytes of a repeating pattern, counting what was read. */
    static final class CountingData extends InputStream {
        private final long length;
        private long read;

        CountingData(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            return read < length ? (int) (read++ & 0x7f) : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (read >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - read);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) ((read + i) & 0x7f);
            }
            read += n;
            return n;
        }
    }

    /** A file's data whose sender goes away after {@code delivered} bytes, as the gRPC reader reports it. */
    static final class CutOffData extends InputStream {
        private final CountingData data;
        private final long delivered;
        private long read;

        CutOffData(long delivered) {
            this.data = new CountingData(delivered);
            this.delivered = delivered;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (read >= delivered) {
                throw new CancellationException("the client went away after " + read + " bytes");
            }
            int n = data.read(buffer, offset, count);
            read += n;
            return n;
        }
    }

    /** A batch as the gRPC reader hands it over: what the writer leaves of a file is read and discarded. */
    static final class BatchSource implements MigrationSource {
        private final List<IncomingFile> files;
        private final Iterator<IncomingFile> next;
        private IncomingFile current;

        BatchSource(List<IncomingFile> files) {
            this.files = files;
            this.next = files.iterator();
        }

        @Override
        public Optional<IncomingFile> nextFile() {
            if (current != null) {
                try {
                    current.data().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            current = next.hasNext() ? next.next() : null;
            return Optional.ofNullable(current);
        }

        boolean allDataRead() {
            return !next.hasNext() && files.stream().allMatch(f -> !(f.data() instanceof CountingData c) || c.read == c.length);
        }
    }
}
