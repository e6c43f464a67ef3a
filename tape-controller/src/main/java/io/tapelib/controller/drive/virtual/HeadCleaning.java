package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.drive.TapeAlerts;
import io.tapelib.controller.library.TimingModel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One virtual drive's cleaning: the wear of its heads ({@link DriveWear}) and the cleaning cycle a cleaning cartridge
 * runs in it, charged to the drive's own motion clock. The drive checks power and what is in it; this class only
 * keeps the wear and the cartridge's uses.
 */
final class HeadCleaning {
    private final DriveWear wear;
    /** The library's cleaning cartridges and their uses; null for a drive that is never cleaned (tests). */
    private final CleaningMedia media;
    private final TimingModel motion;

    private HeadCleaning(DriveWear wear, CleaningMedia media, TimingModel motion) {
        this.wear = wear;
        this.media = media;
        this.motion = motion;
    }

    /** A drive that never asks for cleaning and keeps nothing on disk. */
    static HeadCleaning none(TimingModel motion) {
        return new HeadCleaning(DriveWear.none(), null, motion);
    }

    /**
     * A drive whose heads wear: it asks for cleaning after {@code settings.interval()} of motion, kept across restarts
     * in {@code <libraryDirectory>/drive-<number>.wear}.
     *
     * @throws java.io.UncheckedIOException the wear file exists but cannot be read
     */
    static HeadCleaning wearing(Path libraryDirectory, int number, CleaningSettings settings, CleaningMedia media,
                                TimingModel motion) {
        return new HeadCleaning(new DriveWear(libraryDirectory.resolve("drive-" + number + ".wear"),
                settings.interval()), Objects.requireNonNull(media), motion);
    }

    /**
     * Runs a cleaning cartridge: charges loading, a cleaning cycle ({@link TimingModel#CLEANING_SECONDS}) when the
     * cartridge has cleanings left, and unloading; counts the use on the cartridge. An expired cartridge cleans
     * nothing and leaves TapeAlert flag 22 set until the next attempt.
     */
    void clean(String cleaningTag) {
        motion.load();
        boolean cleaned = media != null && media.use(cleaningTag);
        if (cleaned) {
            motion.cleaningCycle();
        }
        motion.unload();
        // the cleaning cycle's own motion does not count towards the next cleaning
        wear.cleaningAttempt(cleaned, motion.simulatedSeconds());
    }

    /** TapeAlert flags now: 21 once the motion since the last cleaning passed the interval, 22 after an expired cartridge. */
    TapeAlerts alerts() {
        return wear.alerts(motion.simulatedSeconds());
    }

    /** Keeps the wear on disk (at each unload: the motion a restart must not forget). */
    void save() {
        wear.save(motion.simulatedSeconds());
    }
}
