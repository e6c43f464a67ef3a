package io.tapelib.controller.ltfs;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a list of metadata changes to a mounted volume's directory tree, in order, each on its own: a change the
 * index cannot take (a rename or removal of a path it does not name, a kind that conflicts with what is there, an
 * invalid path) is skipped and reported, and the others still apply. Touches no tape; behind
 * {@link LtfsVolume#applyChanges}.
 */
final class IndexChangeApplier {

    private final NamespaceEditor namespace;

    IndexChangeApplier(NamespaceEditor namespace) {
        this.namespace = namespace;
    }

    AppliedChanges apply(List<IndexChange> changes) {
        int applied = 0;
        List<SkippedChange> skipped = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            try {
                applyOne(changes.get(i));
                applied++;
            } catch (LtfsException e) {
                skipped.add(new SkippedChange(i, e.getMessage()));
            }
        }
        return new AppliedChanges(applied, skipped);
    }

    private void applyOne(IndexChange change) {
        if (change instanceof IndexChange.Put put) {
            namespace.put(put.metadata(), put.xattrs());
        } else if (change instanceof IndexChange.Rename rename) {
            namespace.rename(rename.from(), rename.to());
        } else if (change instanceof IndexChange.Remove remove) {
            namespace.remove(remove.path());
        } else if (change instanceof IndexChange.Link link) {
            namespace.link(link.path(), link.target());
        } else {
            throw new IllegalStateException("unknown change " + change);
        }
    }
}
