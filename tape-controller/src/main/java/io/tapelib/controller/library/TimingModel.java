package io.tapelib.controller.library;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Charges every operation of the virtual library the time an LTO-5 drive and an MSL robot would take,
 * keeps the total of simulated seconds and, when the scale is above 0, sleeps {@code seconds * scale}
 * real seconds so that callers feel the hardware's latency.
 *
 * <p>Figures and their sources (DESIGN.md section 6):
 * <ul>
 *   <li>load and thread to ready 12 s, unload 17 s: IBM LTO-5 full-height drive performance
 *       specifications (HP's figures are of the same order);</li>
 *   <li>robot exchange about 20 s: a user report for the comparable 48-slot IBM TL4000;</li>
 *   <li>streaming 140 MB/s, native capacity 1.5 TB, 846 m of tape in 80 wraps: LTO generation
 *       specifications (LTO-5);</li>
 *   <li>a full longitudinal pass (one wrap, beginning to end) about 142 s at streaming speed;
 *       a locate costs the longitudinal distance it travels plus a direction change when it reverses
 *       (2 s, the default {@code change_direction_us} of the LTFS reference implementation's file
 *       backend, filedebug_conf_tc.h).</li>
 * </ul>
 * Thread-safe: drives and the changer charge it concurrently.
 */
public final class TimingModel {

    /** Load, thread and become ready, in seconds (IBM LTO-5 FH performance specifications). */
    public static final double LOAD_SECONDS = 12.0;
    /** Rewind-free unload (unthread and eject), in seconds (IBM LTO-5 FH performance specifications). */
    public static final double UNLOAD_SECONDS = 17.0;
    /** One robot move between two elements, in seconds (user report for the 48-slot TL4000). */
    public static final double ROBOT_MOVE_SECONDS = 20.0;
    /** Native streaming rate in bytes per second (LTO-5 specification: 140 MB/s). */
    public static final double STREAMING_BYTES_PER_SECOND = 140_000_000.0;
    /** Seconds for one longitudinal pass from one end of the tape to the other (DESIGN.md section 6). */
    public static final double END_TO_END_SECONDS = 142.0;
    /** Wraps of an LTO-5 cartridge (LTO-5 specification: 80 wraps on 846 m). */
    public static final int LTO5_WRAPS = 80;
    /** Seconds to reverse the tape's direction (LTFS reference file backend, DEFAULT_CHANGE_DIRECTION = 2 s). */
    public static final double CHANGE_DIRECTION_SECONDS = 2.0;

    /**
     * A cleaning cycle: thread the cleaning tape, run it past the heads, eject it. Assumed 60 s (no published LTO-5
     * figure was found; drives report it as "about a minute").
     */
    public static final double CLEANING_SECONDS = 60.0;

    private final double scale;
    private final DoubleAdder simulatedSeconds = new DoubleAdder();
    /** The library's model when this one accounts one drive's share of it; null for the library's own. */
    private final TimingModel parent;

    /**
     * @param scale real seconds slept per simulated second; 0.0 never sleeps
     * @throws IllegalArgumentException when the scale is negative or not finite
     */
    public TimingModel(double scale) {
        this(scale, null);
    }

    private TimingModel(double scale, TimingModel parent) {
        if (!(scale >= 0.0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("time scale must be a finite number >= 0, got " + scale);
        }
        this.scale = scale;
        this.parent = parent;
    }

    /**
     * A model for one drive: what it charges counts in its own {@link #simulatedSeconds()} (the drive's time of
     * motion, which wears its heads) and in this model's total, and sleeps once.
     */
    public TimingModel forDrive() {
        return new TimingModel(scale, this);
    }

    /** Total simulated seconds charged so far, across the robot and all drives. */
    public double simulatedSeconds() {
        return simulatedSeconds.sum();
    }

    /** The scale: real seconds slept per simulated second. */
    public double scale() {
        return scale;
    }

    /** Charges a robot move (load, unload or transfer of a cartridge). */
    public void robotMove() {
        charge(ROBOT_MOVE_SECONDS);
    }

    /** Charges loading and threading a cartridge until the drive is ready. */
    public void load() {
        charge(LOAD_SECONDS);
    }

    /** Charges unthreading and ejecting a cartridge (the rewind is charged separately by a locate). */
    public void unload() {
        charge(UNLOAD_SECONDS);
    }

    /** Charges a cleaning cycle ({@link #CLEANING_SECONDS}). */
    public void cleaningCycle() {
        charge(CLEANING_SECONDS);
    }

    /** Charges reading or writing {@code bytes} bytes at streaming speed. */
    public void stream(long bytes) {
        charge(bytes / STREAMING_BYTES_PER_SECOND);
    }

    /**
     * Charges a locate (or rewind, or space) between two longitudinal positions.
     *
     * @param from where the head is
     * @param to   where it goes
     */
    public void locate(LongitudinalPosition from, LongitudinalPosition to) {
        charge(locateSeconds(from, to));
    }

    /** Seconds a locate between two positions takes: distance along the tape plus a reversal when needed. */
    public static double locateSeconds(LongitudinalPosition from, LongitudinalPosition to) {
        if (from.equals(to)) {
            return 0.0;
        }
        double seconds = Math.abs(to.fraction() - from.fraction()) * END_TO_END_SECONDS;
        // The tape keeps moving the way the head's wrap runs; travelling the other way costs a reversal.
        boolean awayFromBeginning = to.fraction() > from.fraction();
        return awayFromBeginning == from.forward() ? seconds : seconds + CHANGE_DIRECTION_SECONDS;
    }

    private void charge(double seconds) {
        simulatedSeconds.add(seconds);
        if (parent != null) {
            parent.simulatedSeconds.add(seconds);
        }
        if (scale > 0.0) {
            sleep(seconds * scale);
        }
    }

    private static void sleep(double seconds) {
        long nanos = (long) (seconds * 1e9);
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            // The caller's job was cancelled; let it see the interrupt rather than swallowing it.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Where a byte address lies along the tape. LTO records in a serpentine: even wraps run from the
     * beginning of tape towards the end, odd wraps back.
     *
     * @param wrap     the wrap number, from 0
     * @param fraction distance from the beginning of tape as a fraction of the tape length, 0.0 to 1.0
     * @param forward  whether the wrap runs away from the beginning of tape
     */
    public record LongitudinalPosition(int wrap, double fraction, boolean forward) {

        /** The beginning of tape. */
        public static final LongitudinalPosition BEGINNING_OF_TAPE = new LongitudinalPosition(0, 0.0, true);

        /**
         * The position of an absolute byte address on a cartridge whose capacity is spread evenly
         * over {@link #LTO5_WRAPS} wraps.
         *
         * @param byteAddress   bytes from the beginning of the first wrap
         * @param capacityBytes the cartridge's native capacity in bytes
         */
        public static LongitudinalPosition of(long byteAddress, long capacityBytes) {
            double bytesPerWrap = Math.max(1.0, (double) capacityBytes / LTO5_WRAPS);
            int wrap = (int) Math.min(LTO5_WRAPS - 1, Math.floor(byteAddress / bytesPerWrap));
            double within = Math.min(1.0, (byteAddress - wrap * bytesPerWrap) / bytesPerWrap);
            boolean forward = wrap % 2 == 0;
            return new LongitudinalPosition(wrap, forward ? within : 1.0 - within, forward);
        }
    }
}
