package io.tapelib.controller.ltfs;

import java.util.List;
import java.util.Map;

/**
 * Records a change of the directory tree that writes no file data (an entry put, removed, renamed or linked, or a
 * gateway's changes applied) on a writable volume: edits the tree ({@link NamespaceEditor}) and marks the index
 * changed, so the next {@link LtfsVolume#writeIndex()} writes a generation. Behind {@link LtfsVolume}'s
 * {@code writeEntry}, {@code remove}, {@code rename}, {@code link} and {@code applyChanges}, which check that the volume
 * takes writes and document the errors thrown; an edit that throws marks nothing.
 */
final class EntryEdits {

    private final NamespaceEditor namespace;
    private final VolumeIndexWriter indexes;

    EntryEdits(NamespaceEditor namespace, VolumeIndexWriter indexes) {
        this.namespace = namespace;
        this.indexes = indexes;
    }

    /** {@link LtfsVolume#writeEntry(FileMetadata)}. */
    IndexEntry writeEntry(FileMetadata metadata) {
        IndexEntry entry = namespace.writeEntry(metadata);
        indexes.markChanged();
        return entry;
    }

    /** {@link LtfsVolume#writeEntry(FileMetadata, Map)}. */
    IndexEntry put(FileMetadata metadata, Map<String, XattrValue> xattrs) {
        IndexEntry entry = namespace.put(metadata, xattrs);
        indexes.markChanged();
        return entry;
    }

    /** {@link LtfsVolume#remove(String)}. */
    void remove(String path) {
        namespace.remove(path);
        indexes.markChanged();
    }

    /** {@link LtfsVolume#rename(String, String)}; also a rename that changes nothing marks the index changed. */
    void rename(String from, String to) {
        namespace.rename(from, to);
        indexes.markChanged();
    }

    /** {@link LtfsVolume#link(String, String)}. */
    IndexEntry link(String path, String target) {
        IndexEntry entry = namespace.link(path, target);
        indexes.markChanged();
        return entry;
    }

    /** {@link LtfsVolume#applyChanges(List)}: the index is marked changed when at least one change was applied. */
    AppliedChanges apply(List<IndexChange> changes) {
        AppliedChanges result = new IndexChangeApplier(namespace).apply(changes);
        if (result.applied() > 0) {
            indexes.markChanged();
        }
        return result;
    }
}
