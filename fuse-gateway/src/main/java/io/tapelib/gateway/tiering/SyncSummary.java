package io.tapelib.gateway.tiering;

import java.util.List;

/**
 * What one metadata sync wrote to tape.
 *
 * @param volumes how many tapes got a new index with their pending changes
 * @param changes how many changes those indexes took (the root directory's put on each included)
 * @param skipped how many changes an index could not take (logged, and dropped: they can never apply)
 * @param failed  volume tags whose write the controller refused (their changes stay pending)
 */
public record SyncSummary(int volumes, int changes, int skipped, List<String> failed) {
    public SyncSummary {
        failed = List.copyOf(failed);
    }
}
