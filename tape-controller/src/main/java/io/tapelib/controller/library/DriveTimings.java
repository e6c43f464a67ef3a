package io.tapelib.controller.library;

/**
 * What the robot and the drives take, for a client's estimates (the gateway's time to first byte): the figures of
 * {@link TimingModel} (LTO-5 drive, MSL robot; DESIGN.md section 6) and how many real seconds one hardware second
 * takes.
 *
 * @param robotMoveSeconds        one robot move between two elements, seconds
 * @param loadSeconds             load and thread until the drive is ready, seconds
 * @param unloadSeconds           unthread and eject, seconds
 * @param endToEndSeconds         one longitudinal pass from one end of the tape to the other, seconds; a locate costs
 *                                the fraction of it that it travels
 * @param streamingBytesPerSecond native streaming rate, bytes per second
 * @param scale                   real seconds per hardware second: 1.0 for a real library, the virtual library's time
 *                                scale (0.0: no waits)
 */
public record DriveTimings(double robotMoveSeconds, double loadSeconds, double unloadSeconds, double endToEndSeconds,
                           double streamingBytesPerSecond, double scale) {

    /** A real library of LTO-5 drives (MSL4048 robot): the hardware's own time. */
    public static final DriveTimings LTO5 = of(1.0);

    /** The figures a virtual library charges, at its time scale. */
    public static DriveTimings of(TimingModel model) {
        return of(model.scale());
    }

    private static DriveTimings of(double scale) {
        return new DriveTimings(TimingModel.ROBOT_MOVE_SECONDS, TimingModel.LOAD_SECONDS, TimingModel.UNLOAD_SECONDS,
                TimingModel.END_TO_END_SECONDS, TimingModel.STREAMING_BYTES_PER_SECOND, scale);
    }
}
