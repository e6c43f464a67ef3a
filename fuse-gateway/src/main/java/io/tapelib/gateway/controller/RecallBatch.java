package io.tapelib.gateway.controller;

import java.util.List;
import java.util.Objects;

/**
 * Files to recall from one tape in one call.
 *
 * @param volumeTag the tape that holds them
 * @param files     the files, each with its extents on that tape
 * @param expected  what the catalog holds of the volume: when the cartridge shows the same UUID and index generation
 *                  and nothing was written since, the controller reads the extents without reading the index
 */
public record RecallBatch(String volumeTag, List<File> files, ExpectedVolume expected) {
    public RecallBatch {
        Objects.requireNonNull(volumeTag, "volumeTag");
        files = List.copyOf(files);
        expected = expected == null ? ExpectedVolume.UNKNOWN : expected;
    }

    /** A batch for a volume the catalog knows nothing of (the controller reads its index). */
    public RecallBatch(String volumeTag, List<File> files) {
        this(volumeTag, files, ExpectedVolume.UNKNOWN);
    }

    /**
     * The catalog's view of a volume at the last index it imported.
     *
     * @param uuid       LTFS volume UUID, "" when unknown
     * @param generation index generation, 0 when unknown
     * @param blockSize  logical block size, bytes, 0 when unknown
     */
    public record ExpectedVolume(String uuid, long generation, long blockSize) {
        /** Nothing known: the controller reads the index. */
        public static final ExpectedVolume UNKNOWN = new ExpectedVolume("", 0, 0);

        public ExpectedVolume {
            uuid = uuid == null ? "" : uuid;
        }
    }

    /** Bytes the batch asks for: of each file, those from its {@link File#fromOffset} on. */
    public long bytes() {
        return files.stream().mapToLong(f -> f.length() - f.fromOffset()).sum();
    }

    /**
     * One file to recall.
     *
     * @param fileId     the gateway's id for it (the inode); chunks and completions name it
     * @param length     the file's length, bytes
     * @param extents    where its bytes lie on the tape (bytes no extent covers are zeros: a sparse file)
     * @param fromOffset bytes [0, fromOffset) are held already (an earlier attempt was cut short): not asked for
     * @throws IllegalArgumentException when {@code fromOffset} is outside [0, length]
     */
    public record File(long fileId, long length, List<TapeExtent> extents, long fromOffset) {
        public File {
            extents = List.copyOf(extents);
            if (fromOffset < 0 || fromOffset > length) {
                throw new IllegalArgumentException("file " + fileId + ": from offset " + fromOffset
                        + " is outside its " + length + " bytes");
            }
        }

        /** The whole file. */
        public File(long fileId, long length, List<TapeExtent> extents) {
            this(fileId, length, extents, 0);
        }
    }
}
