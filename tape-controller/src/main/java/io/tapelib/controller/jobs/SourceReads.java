package io.tapelib.controller.jobs;

import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.ltfs.ExpectedVolume;

import java.util.ArrayList;
import java.util.List;

/**
 * The reading side of a reclaim on the source's drive: the source checked against what the caller expects, and each
 * file's bytes read as a recall reads them ({@link RecallReader}: extents in file-offset order, zeros for sparse gaps,
 * pieces of at most 1 MiB), the files in tape order ({@link RecallOrder}). Reads only: the source is never written.
 */
final class SourceReads {

    private final FileReads reads;
    private final ReclaimListener listener;

    private SourceReads(FileReads reads, ReclaimListener listener) {
        this.reads = reads;
        this.listener = listener;
    }

    /** Receives a file's bytes in file-offset order; {@code buffer} is valid only during the call. */
    @FunctionalInterface
    interface Bytes {
        void accept(byte[] buffer, int offset, int length);
    }

    /**
     * Opens the loaded source for reading: without its index when the cartridge memory vouches for {@code expected}
     * ({@link DriveVolume#forRecall}), else mounted.
     *
     * @throws UnsupportedVolumeException the source is not an LTFS volume
     * @throws UnexpectedVolumeException  {@code expected} names a volume UUID and the source holds another
     * @throws WriteProtectedException    the source's write-protect tab is set: the format that ends a reclaim could not
     *                                    free its space, so copying its files would only fill another cartridge
     */
    static SourceReads open(DriveVolume source, ExpectedVolume expected, ReclaimListener listener) {
        if (source.writeProtected()) {
            throw new WriteProtectedException("drive " + source.drive(), source.volumeTag()
                    + " is write protected: a reclaim could not format it afterwards, so none of its files is copied");
        }
        FileReads reads = source.forRecall(expected);
        String uuid = source.mountedVolumeUuid().orElse(expected.volumeUuid());
        if (!expected.volumeUuid().isEmpty() && !expected.volumeUuid().equals(uuid)) {
            throw new UnexpectedVolumeException(source.volumeTag() + " holds LTFS volume " + uuid + ", not the expected "
                    + expected.volumeUuid());
        }
        return new SourceReads(reads, listener);
    }

    /** {@code files} in the order the tape passes their first extents (a new list). */
    static List<ReclaimFile> alongTape(List<ReclaimFile> files) {
        List<RecallItem> items = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            items.add(new RecallItem(i, files.get(i).length(), files.get(i).extents()));
        }
        return RecallOrder.alongTape(items).stream().map(item -> files.get((int) item.fileId())).toList();
    }

    /**
     * Reads one file's bytes ({@link ReclaimFile#dataBytes()} of them) into {@code bytes}; asks the caller whether it is
     * still there before each piece.
     *
     * @throws java.util.concurrent.CancellationException the caller went away
     */
    void read(ReclaimFile file, Bytes bytes) {
        if (file.dataBytes() == 0) {
            return;
        }
        RecallItem item = new RecallItem(file.fileId(), file.length(), file.extents());
        new RecallReader().read(reads, List.of(item), new RecallSink() {
            @Override
            public void chunk(long fileId, long fileOffset, byte[] buffer, int offset, int length) {
                listener.checkActive();
                bytes.accept(buffer, offset, length);
            }

            @Override
            public void fileDone(long fileId) {
                // the caller knows the file ended when this call returns
            }
        }, JobHandle.NONE);
    }
}
