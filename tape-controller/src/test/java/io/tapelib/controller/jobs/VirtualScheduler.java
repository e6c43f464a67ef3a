package io.tapelib.controller.jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapelib.controller.config.FixedTapeSettings;
import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.drive.virtual.CleaningSettings;
import io.tapelib.controller.library.VirtualLibraryConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A scheduler over a virtual library in a test's directory ({@code dir/library}, work directory {@code dir/work}),
 * as the jobs tests drive it. Closing shuts the scheduler down (final indexes), then closes the library; hold it in an
 * {@code @AutoClose} field so that it is closed after the test's own {@code @AfterEach} (which may release gates).
 *
 * @param library   the virtual library
 * @param scheduler the scheduler over its changer and drives
 */
record VirtualScheduler(VirtualLibrary library, DriveScheduler scheduler) implements AutoCloseable {

    /** Drives that never ask for cleaning, an index at least every 5 minutes of a long batch. */
    static VirtualScheduler open(Path dir, VirtualLibraryConfig config, JobHistory jobs) throws IOException {
        return open(dir, config, CleaningSettings.NEVER, jobs);
    }

    /** With drives that wear as {@code cleaning} says. */
    static VirtualScheduler open(Path dir, VirtualLibraryConfig config, CleaningSettings cleaning, JobHistory jobs)
            throws IOException {
        return open(dir, config, cleaning, jobs, Duration.ofMinutes(5));
    }

    /** A batch writes an index at least every {@code indexSyncInterval}; {@link Duration#ZERO}: after every file. */
    static VirtualScheduler open(Path dir, VirtualLibraryConfig config, JobHistory jobs, Duration indexSyncInterval)
            throws IOException {
        return open(dir, config, CleaningSettings.NEVER, jobs, indexSyncInterval);
    }

    private static VirtualScheduler open(Path dir, VirtualLibraryConfig config, CleaningSettings cleaning,
            JobHistory jobs, Duration indexSyncInterval) throws IOException {
        VirtualLibrary library = VirtualLibrary.open(dir.resolve("library"), config, cleaning);
        DriveScheduler scheduler = new DriveScheduler(new LibraryDevices("virtual", library.changer(), library.drives()),
                jobs, new SimpleMeterRegistry(), FixedTapeSettings.virtual(dir.resolve("work"), indexSyncInterval));
        return new VirtualScheduler(library, scheduler);
    }

    @Override
    public void close() {
        scheduler.shutdown();
        library.close();
    }
}
