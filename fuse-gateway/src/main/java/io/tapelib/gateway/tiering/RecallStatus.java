package io.tapelib.gateway.tiering;

import java.util.List;

/**
 * The recall scheduler at one moment ({@code GET /api/v1/status} "recalls").
 *
 * @param queued  files waiting for a drive
 * @param running the cartridges being read now, one per busy drive
 */
public record RecallStatus(int queued, List<Running> running) {
    public RecallStatus {
        running = List.copyOf(running);
    }

    /**
     * One cartridge being read.
     *
     * @param volume its volume tag
     * @param files  files of its batch
     */
    public record Running(String volume, int files) {
    }
}
