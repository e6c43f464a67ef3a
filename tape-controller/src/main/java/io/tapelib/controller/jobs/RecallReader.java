package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.Extent;
import io.tapelib.controller.ltfs.IndexEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the files of a RECALL job into a sink, on the drive's thread, and says in which order it read them. */
final class RecallReader {

    private final List<Extent> firstExtentsRead = new ArrayList<>();

    /**
     * Hands each file's bytes from its {@link RecallItem#fromOffset} on to {@code sink} in file-offset order, in pieces
     * of at most {@link RecallSink#MAX_CHUNK_BYTES}, the files in the order given.
     */
    void read(FileReads volume, List<RecallItem> ordered, RecallSink sink, JobHandle job) {
        for (RecallItem item : ordered) {
            List<Extent> extents = new ArrayList<>(item.extents());
            extents.sort(Comparator.comparingLong(Extent::fileOffset));
            if (!extents.isEmpty()) {
                firstExtentsRead.add(extents.get(0));
            }
            IndexEntry entry = new IndexEntry("recall/" + item.fileId(), EntryKind.FILE, item.length(), 0644, 0, 0,
                    null, null, null, null, null, extents, Map.of(), item.fileId(), false);
            volume.readFile(entry, item.fromOffset(), (fileOffset, buffer, offset, length) -> {
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

    /**
     * The operator's (and the system tests') line for the order of reads: {@code recall read order on TAG: p/b p/b ...},
     * the partition number and start block (logical object number) of each file's first extent, in the order the files
     * were read; files without extents (empty, or all sparse) are left out.
     */
    String readOrderLine(String volumeTag) {
        return "recall read order on " + volumeTag + ":" + firstExtentsRead.stream()
                .map(e -> " " + e.partition() + "/" + e.startBlock()).collect(Collectors.joining());
    }
}
