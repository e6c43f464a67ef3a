package io.tapelib.gateway.status;

import io.tapelib.gateway.tiering.ImportRequest;
import io.tapelib.gateway.tiering.RebuildProgress;
import io.tapelib.gateway.tiering.RecallStatus;
import io.tapelib.gateway.tiering.ReclaimStatus;
import java.util.List;

/**
 * The gateway's status as {@code GET /api/v1/status} and {@code MOUNT/.tapelib/status} show it (the same JSON).
 *
 * @param cacheUsedBytes      bytes the cache holds (complete, dirty and reserved for recalls)
 * @param cacheMaxBytes       CACHE_MAX_BYTES
 * @param dirtyFiles          files changed through the mount and not yet on tape (lost ones included)
 * @param dirtyBytes          bytes of those files (their sizes)
 * @param lostCount           dirty files whose content is gone from the cache (state {@code lost})
 * @param lostFiles           their paths, sorted, at most the first {@value GatewayStatusReport#LOST_LISTED}
 * @param controllerReachable whether the gateway's channel to the controller is connected now
 * @param rebuild             the running re-index of every cartridge ({@code POST /api/v1/rebuild}), or the last
 *                            one's result; null when none ran since start-up
 * @param recalls             files waiting for recall, and the cartridges being read now with their batch's files
 * @param importRequests      shelved cartridges that recalls wait for, oldest first
 * @param reclaims            cartridges being reclaimed: the running one's progress first, then those waiting
 */
public record GatewayStatus(long cacheUsedBytes, long cacheMaxBytes, int dirtyFiles, long dirtyBytes, int lostCount,
                            List<String> lostFiles, boolean controllerReachable, RebuildProgress rebuild,
                            RecallStatus recalls, List<ImportRequest> importRequests, List<ReclaimStatus> reclaims) {
}
