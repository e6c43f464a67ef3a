package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.Extent;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.LtfsVolume;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads the files of a RECALL job from a mounted volume into a sink, on the drive's thread. */
final class RecallReader {

    private RecallReader() {
    }

    /**
     * Hands each file's bytes to {@code sink} in file-offset order, in pieces of at most
     * {@link RecallSink#MAX_CHUNK_BYTES}, the files in the order given.
     */
    static void read(LtfsVolume ltfs, List<RecallItem> ordered, RecallSink sink, JobHandle job) {
        for (RecallItem item : ordered) {
            List<Extent> extents = new ArrayList<>(item.extents());
            extents.sort(Comparator.comparingLong(Extent::fileOffset));
            IndexEntry entry = new IndexEntry("recall/" + item.fileId(), EntryKind.FILE, item.length(), 0644, 0, 0,
                    null, null, null, null, null, extents, Map.of(), item.fileId(), false);
            ltfs.readFile(entry, (fileOffset, buffer, offset, length) -> {
                for (int done = 0; done < length; ) {
                    int piece = Math.min(RecallSink.MAX_CHUNK_BYTES, length - done);
                    sink.chunk(item.fileId(), fileOffset + done, buffer, offset + done, piece);
                    done += piece;
                }
                job.addBytes(length);
            });
            sink.fileDone(item.fileId());
        }
    }
}
