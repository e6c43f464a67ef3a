package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.PendingBatch;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.controller.IndexChange;
import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.VolumeChanges;
import io.tapelib.gateway.controller.VolumeSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pending metadata changes one Migrate header carries (tape_controller.proto, MigrateHeader.pending_changes):
 * a list for every tape that may be written, since the controller chooses the tape and applies only that tape's
 * list. Tapes with pending rows get them (at most {@link IndexChanges#LIMIT} changes in all; a list cut short is
 * a prefix), every other LTFS or blank tape a list with the root directory's put alone, so the root's times ride
 * along on each tape's next index write without a row of their own. Claims each listed tape in
 * {@link PendingClaims} until {@link #close}.
 */
final class HeaderChanges implements AutoCloseable {
    private final Catalog catalog;
    private final PendingClaims claims;
    private final Map<String, PendingBatch> batches = new LinkedHashMap<>();
    private final Map<String, List<IndexChange>> lists = new LinkedHashMap<>();

    private HeaderChanges(Catalog catalog, PendingClaims claims) {
        this.catalog = catalog;
        this.claims = claims;
    }

    /** Builds the lists for the next Migrate call, claiming their tapes (a tape claimed elsewhere is left out). */
    static HeaderChanges claim(Catalog catalog, PendingClaims claims) {
        return claim(catalog, claims, "");
    }

    /**
     * Builds the lists for a Migrate call that names {@code target} as its preferred volume: that tape's list alone
     * (the controller writes there), so that batches to other tapes running beside it carry theirs; with an empty
     * target, the list of every tape not claimed elsewhere.
     */
    static HeaderChanges claim(Catalog catalog, PendingClaims claims, String target) {
        HeaderChanges header = new HeaderChanges(catalog, claims);
        int budget = IndexChanges.LIMIT;
        for (String volumeTag : catalog.pending().oldestByVolume().keySet()) {
            if (!target.isEmpty() && !target.equals(volumeTag)) {
                continue;
            }
            if (budget <= 1 || !claims.tryClaim(volumeTag)) {
                continue;
            }
            PendingBatch batch = catalog.pending().batch(volumeTag, budget - 1);
            List<IndexChange> changes = IndexChanges.of(batch);
            budget -= changes.size();
            header.batches.put(volumeTag, batch);
            header.lists.put(volumeTag, changes);
        }
        IndexChange root = null;
        for (VolumeRecord volume : catalog.volumes()) {
            if (volume.state() == VolumeState.UNSUPPORTED || header.lists.containsKey(volume.volumeTag())
                    || (!target.isEmpty() && !target.equals(volume.volumeTag()))
                    || !claims.tryClaim(volume.volumeTag())) {
                continue;
            }
            root = root != null ? root : IndexChanges.put(catalog.pending().root());
            header.lists.put(volume.volumeTag(), List.of(root));
        }
        return header;
    }

    /** The lists for the header. */
    List<VolumeChanges> lists() {
        return lists.entrySet().stream().map(list -> new VolumeChanges(list.getKey(), list.getValue())).toList();
    }

    /**
     * Reads the controller's answer: when the written tape's list is in its index, the rows it stood for are
     * deleted (skipped changes are logged and deleted too: they can never apply).
     *
     * @return how many rows were deleted
     */
    int settle(MigrationReport result, SkippedChanges skippedChanges) {
        Optional<String> written = result.volume().map(VolumeSummary::volumeTag);
        if (written.isEmpty() || !result.changesApplied() || !lists.containsKey(written.get())) {
            return 0;
        }
        List<IndexChange> sent = lists.get(written.get());
        skippedChanges.log(written.get(), sent, result.changesSkipped());
        PendingBatch batch = batches.get(written.get());
        if (batch == null) {
            return 0;
        }
        catalog.pending().delete(written.get(), batch.sentIds());
        return batch.sent().size();
    }

    /** Releases the claims. */
    @Override
    public void close() {
        lists.keySet().forEach(claims::release);
    }

    /** Changes in all lists (for the log). */
    int changeCount() {
        return lists.values().stream().mapToInt(List::size).sum();
    }

    /** Tapes with lists of pending rows (not the root's alone). */
    List<String> volumesWithRows() {
        return new ArrayList<>(batches.keySet());
    }
}
