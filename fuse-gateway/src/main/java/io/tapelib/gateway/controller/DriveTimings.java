package io.tapelib.gateway.controller;

/**
 * What the library's robot and drives take, as the controller reports them (GetLibrary), for estimates such as
 * {@code user.tapelib.eta}. Hardware seconds (LTO-5 and MSL figures, shared/DESIGN.md section 6); real seconds are
 * these times {@code scale}.
 *
 * @param robotMoveSeconds         one robot move between two elements, seconds
 * @param loadSeconds              load and thread until ready, seconds
 * @param unloadSeconds            unthread and eject, seconds
 * @param endToEndSeconds          one longitudinal pass of the whole tape, seconds; a locate costs the fraction it
 *                                 travels
 * @param streamingBytesPerSecond  native streaming rate, bytes per second
 * @param scale                    real seconds per hardware second: 1.0 for a real library, the virtual library's
 *                                 time scale (0.0: no waits)
 */
public record DriveTimings(double robotMoveSeconds, double loadSeconds, double unloadSeconds, double endToEndSeconds,
                           double streamingBytesPerSecond, double scale) {

    /** LTO-5 in an MSL4048 (DESIGN.md section 6), scale 1.0: what a controller that reports no figures has. */
    public static final DriveTimings LTO5 = new DriveTimings(20.0, 12.0, 17.0, 142.0, 140_000_000.0, 1.0);
}
