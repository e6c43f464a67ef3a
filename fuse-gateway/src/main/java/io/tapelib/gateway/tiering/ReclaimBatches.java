package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.LiveEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.controller.RecallBatch;
import io.tapelib.gateway.controller.ReclaimBatch;
import io.tapelib.gateway.posix.FileKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one Reclaim call from a source's live entries: their ancestor directories first, with their catalog metadata
 * ({@link BatchDirectories}, as write-back sends them, so the target shows what the mount shows), then the entries with
 * the FileStart write-back would send ({@link MigrationSources}) and their extents on the source.
 */
final class ReclaimBatches {
    /** A Reclaim call and what each of its entries was when the call was built, by file id (the inode). */
    record Built(ReclaimBatch batch, Map<Long, LiveEntry> sent) {
    }

    private final Catalog catalog;

    ReclaimBatches(Catalog catalog) {
        this.catalog = catalog;
    }

    Built build(String source, List<LiveEntry> entries, List<String> exclude) {
        BatchDirectories directories = new BatchDirectories(catalog);
        Map<Long, LiveEntry> sent = new LinkedHashMap<>();
        for (LiveEntry entry : entries) {
            directories.addFor(entry.inode(), entry.path());
            sent.put(entry.inode().id(), entry);
        }
        List<ReclaimBatch.Entry> files = new ArrayList<>();
        Map<Long, LiveEntry> ordered = new LinkedHashMap<>();
        directories.inOrder().forEach((path, directory) -> {
            LiveEntry entry = sent.getOrDefault(directory.id(), new LiveEntry(directory, path, List.of(), null));
            ordered.put(directory.id(), entry);
            files.add(new ReclaimBatch.Entry(MigrationSources.of(catalog, directory, path, null), List.of()));
        });
        for (LiveEntry entry : entries) {
            Inode inode = entry.inode();
            if (inode.kind() != FileKind.DIRECTORY) {
                ordered.put(inode.id(), entry);
                files.add(new ReclaimBatch.Entry(MigrationSources.of(catalog, inode, entry.path(), null),
                        entry.extents().stream().map(IndexEntries::extent).toList()));
            }
        }
        RecallBatch.ExpectedVolume expected = catalog.volume(source)
                .map(ReclaimBatches::expected).orElse(RecallBatch.ExpectedVolume.UNKNOWN);
        return new Built(new ReclaimBatch(source, files, exclude, "", expected), ordered);
    }

    private static RecallBatch.ExpectedVolume expected(VolumeRecord volume) {
        return new RecallBatch.ExpectedVolume(volume.uuid(), volume.generation(), volume.blockSize());
    }
}
