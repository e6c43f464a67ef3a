package io.tapelib.gateway.tiering;

import java.time.Instant;

/**
 * One cartridge being reclaimed ({@code GET /api/v1/status} "reclaims").
 *
 * @param volumeTag  the source
 * @param target     the volume the last batch went to, empty before the first
 * @param filesDone  entries copied (or found held by another cartridge) since this gateway took the reclaim up
 * @param totalFiles live entries the source held then
 * @param bytesDone  bytes copied since then
 * @param totalBytes live bytes the source held then
 * @param since      when the reclaim started (kept across restarts)
 */
public record ReclaimStatus(String volumeTag, String target, int filesDone, int totalFiles, long bytesDone,
                            long totalBytes, Instant since) {
}
