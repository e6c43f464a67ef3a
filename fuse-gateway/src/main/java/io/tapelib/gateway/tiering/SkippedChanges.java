package io.tapelib.gateway.tiering;

import io.tapelib.gateway.controller.IndexChange;
import io.tapelib.gateway.controller.IndexUpdate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Logs the index changes a controller skipped (they are dropped with their rows: they can never apply). The root
 * directory's put rides along on every index write, so a controller that refuses to write the volume root's
 * metadata would refuse it every time: that refusal is logged once at WARN, later ones at DEBUG. Thread-safe.
 */
final class SkippedChanges {
    private static final Logger LOG = Logger.getLogger(SkippedChanges.class);

    private final AtomicBoolean rootRefusalLogged = new AtomicBoolean();

    void log(String volumeTag, List<IndexChange> sent, List<IndexUpdate.Skipped> skipped) {
        for (IndexUpdate.Skipped skip : skipped) {
            boolean root = skip.index() >= 0 && skip.index() < sent.size()
                    && sent.get(skip.index()).path().equals(IndexChange.ROOT_PATH);
            if (root && rootRefusalLogged.getAndSet(true)) {
                LOG.debugf("%s: the root directory's metadata skipped again: %s", volumeTag, skip.detail());
            } else {
                LOG.warnf("%s: index change \"%s\" skipped and dropped (the index cannot take it): %s%s", volumeTag,
                        IndexChanges.describe(sent, skip.index()), skip.detail(),
                        root ? " (the root's times ride along on every index write; logged once)" : "");
            }
        }
    }
}
