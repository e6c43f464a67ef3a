package io.tapelib.gateway.api;

import java.time.Instant;

/**
 * A cartridge as the gateway's REST API shows it (docs/operator-api.md, "Tape"). Sizes in bytes.
 *
 * @param state          LTFS, BLANK, UNSUPPORTED as the catalog has it; SHELVED when out of the library; RECLAIMING
 *                       while its reclaim runs
 * @param location       where the library last showed it; null when the controller is away or never reported it
 * @param usedBytes      capacity minus the remaining bytes the controller reported
 * @param liveBytes      bytes of the extents of the current copies on it
 * @param deadBytes      used bytes no live file uses (freed by a reclaim)
 * @param files          files (not directories) whose current content it holds
 * @param generation     the LTFS index generation the catalog imported last
 * @param lastWritten    when the catalog last took its index (after a migration or an index read); null when never
 * @param readOnlyReason why nothing is written to it now ("reclaiming", "shelved", "full", "unsupported",
 *                       "write protected"); null
 */
public record TapeView(String volumeTag, String state, Location location, long capacityBytes, long usedBytes,
                       long liveBytes, long deadBytes, int files, long generation, Instant lastWritten,
                       String readOnlyReason) {

    /**
     * A library element.
     *
     * @param type   STORAGE (a storage slot), DATA_TRANSFER (a drive), IMPORT_EXPORT (a mail slot)
     * @param number the element's number as the controller numbers it (drives from 0, slots from 1)
     */
    public record Location(String type, int number) {
    }
}
