package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.TreeStoreFiles;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/** What a previous run (a crash, a kill) left in TAPE_MOUNT_DIR, removed at start-up before any job runs. */
final class WorkDirLeftovers {

    // the scheduler's log category: operators filter on it, and these lines were always logged under it
    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private WorkDirLeftovers() {
    }

    /**
     * Deletes mounted volumes' directory tree files and reclaim staging files; each kind's failure is logged, not
     * thrown: a leftover only wastes disk space (each mount and each reclaim round makes files of its own).
     */
    static void delete(Path workDir) {
        try {
            int stale = TreeStoreFiles.deleteLeftovers(workDir);
            if (stale > 0) {
                LOG.infof("deleted %d directory tree files left in %s by a previous run", stale, workDir);
            }
        } catch (UncheckedIOException e) {
            LOG.warnf("%s", e.getMessage());
        }
        try {
            int staged = new StagingArea(workDir).deleteLeftovers();
            if (staged > 0) {
                LOG.infof("deleted %d reclaim staging files left in %s by a previous run", staged,
                        workDir.resolve(StagingArea.DIRECTORY));
            }
        } catch (UncheckedIOException e) {
            LOG.warnf("%s", e.getMessage());
        }
    }
}
