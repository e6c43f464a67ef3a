package io.tapelib.controller.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapelib.controller.library.TimingModel;

/**
 * The gauge {@code tapelib.virtual.simulated.seconds} (Prometheus {@code tapelib_virtual_simulated_seconds}): the
 * hardware seconds a virtual library's timing model charged since start-up, across the robot and all drives
 * ({@link TimingModel#simulatedSeconds()}), so that a benchmark at time scale 0 reads what the work would take on an
 * LTO-5 library. Registered only for a virtual library: real hardware keeps no such account.
 */
final class SimulatedTimeGauge {

    /** Meter name; Prometheus shows it as {@code tapelib_virtual_simulated_seconds}. */
    static final String NAME = "tapelib.virtual.simulated.seconds";

    private SimulatedTimeGauge() {
    }

    /** Registers the gauge of {@code library}'s timing model; nothing for a real library. */
    static void register(LibraryProducer.OpenLibrary library, MeterRegistry meters) {
        library.timing().ifPresent(timing -> Gauge.builder(NAME, timing, TimingModel::simulatedSeconds)
                .description("Hardware seconds the virtual library's timing model charged since start-up")
                .baseUnit("seconds")
                .register(meters));
    }
}
