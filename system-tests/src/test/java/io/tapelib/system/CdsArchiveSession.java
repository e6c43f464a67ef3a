package io.tapelib.system;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes the service jars' class-data-sharing archives ({@link CdsArchives}) when the test run's launcher session
 * opens, before the first test class starts a jar (registered in META-INF/services).
 */
public final class CdsArchiveSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        // only where the surefire configuration asks for them (and names the jars): not in an IDE's run
        if (Boolean.getBoolean("tapelib.cds")) {
            LibraryPair.prepareCdsArchives();
        }
    }
}
