package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.drive.TapeAlerts;
import io.tapelib.controller.library.AtomicFile;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * The wear of one virtual drive's heads: seconds of tape motion since its last cleaning, and what its last cleaning
 * attempt did. Once the motion passes the cleaning interval the drive sets TapeAlert flag 21 (Clean periodic, SSC-4
 * Annex A) until a cleaning cartridge has run; a cleaning attempt with an expired cartridge sets flag 22 (Expired
 * cleaning media) until the next attempt. Kept in {@code <library>/drive-<n>.wear} so that a restart of the
 * controller sees the same drive. Used by the drive's own thread and by status readers: synchronized.
 */
final class DriveWear {

    private final Path file;
    private final Duration interval;
    /** Motion seconds since the last cleaning that the file holds, up to {@link #baseline} of the drive's clock. */
    private double saved;
    /** The drive's motion clock when {@link #saved} was taken. */
    private double baseline;
    private boolean lastCleaningExpired;

    /**
     * @param file     where this drive's wear is kept (read when present)
     * @param interval seconds of motion between cleanings; zero: never asks
     * @throws UncheckedIOException the file exists but cannot be read
     */
    DriveWear(Path file, Duration interval) {
        this.file = file;
        this.interval = interval;
        if (file != null && Files.exists(file)) {
            Properties stored = new Properties();
            try {
                stored.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            saved = Double.parseDouble(stored.getProperty("motionSecondsSinceCleaning", "0"));
            lastCleaningExpired = Boolean.parseBoolean(stored.getProperty("lastCleaningExpired", "false"));
        }
    }

    /** A drive that never asks for cleaning and keeps nothing on disk. */
    static DriveWear none() {
        return new DriveWear(null, Duration.ZERO);
    }

    /** Seconds of motion since the last cleaning, given the drive's motion clock now. */
    synchronized double motionSeconds(double clock) {
        return saved + (clock - baseline);
    }

    /** The flags the drive sets now. */
    synchronized TapeAlerts alerts(double clock) {
        Set<Integer> flags = new HashSet<>();
        if (!interval.isZero() && motionSeconds(clock) >= interval.toNanos() / 1e9) {
            flags.add(TapeAlerts.CLEAN_PERIODIC);
        }
        if (lastCleaningExpired) {
            flags.add(TapeAlerts.EXPIRED_CLEANING_MEDIA);
        }
        return new TapeAlerts(flags);
    }

    /** A cleaning attempt ended: {@code cleaned} false when the cartridge was expired. Kept on disk. */
    synchronized void cleaningAttempt(boolean cleaned, double clock) {
        lastCleaningExpired = !cleaned;
        if (cleaned) {
            saved = 0;
            baseline = clock;
        }
        save(clock);
    }

    /** Writes the motion so far (at unload: a controller restart must not make the heads new again). */
    synchronized void save(double clock) {
        if (file == null) {
            return;
        }
        saved = motionSeconds(clock);
        baseline = clock;
        Properties stored = new Properties();
        stored.setProperty("motionSecondsSinceCleaning", Double.toString(saved));
        stored.setProperty("lastCleaningExpired", Boolean.toString(lastCleaningExpired));
        StringWriter text = new StringWriter();
        try {
            stored.store(text, "head wear of this virtual drive");
            AtomicFile.writeUnforced(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
