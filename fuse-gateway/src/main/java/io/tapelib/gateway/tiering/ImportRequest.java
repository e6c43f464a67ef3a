package io.tapelib.gateway.tiering;

import java.time.Instant;

/**
 * A shelved cartridge that recalls wait for ({@code GET /api/v1/status} "importRequests"): the operator is asked to
 * put it in a mail slot and import it.
 *
 * @param volumeTag the cartridge's volume tag
 * @param since     when the first recall now waiting asked for it
 * @param files     how many files wait for it
 */
public record ImportRequest(String volumeTag, Instant since, int files) {
}
