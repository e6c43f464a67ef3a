package io.tapelib.gateway.tiering;

import java.time.Instant;
import java.util.List;

/**
 * Where a re-index of every cartridge ({@code POST /api/v1/rebuild}) stands, or how the last one ended.
 *
 * @param running         true while it runs
 * @param cartridgesDone  cartridges read so far (failed ones included)
 * @param cartridgesTotal cartridges the controller reported when it started
 * @param entries         index entries read so far (directories, files, symlinks), all cartridges together
 * @param current         the volume tag being read now; null when none
 * @param started         when it started
 * @param finished        when it ended; null while it runs
 * @param failed          the cartridges whose index could not be read or imported, each with the reason
 */
public record RebuildProgress(boolean running, int cartridgesDone, int cartridgesTotal, long entries, String current,
                              Instant started, Instant finished, List<String> failed) {
    public RebuildProgress {
        failed = List.copyOf(failed);
    }
}
