package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Waits after MTLOAD until the drive reports GMT_ONLINE, polling MTIOCGET every {@link #POLL_INTERVAL} until a
 * deadline on the injected clock. The node is reopened between polls, since st tests the drive again only at open or
 * load (drivers/scsi/st.c, check_tape).
 */
final class OnlineWait {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final StNodeHandle node;
    private final Clock clock;
    private final StTapeDrive.Sleeper sleeper;
    private final Duration timeout;

    OnlineWait(StNodeHandle node, Clock clock, StTapeDrive.Sleeper sleeper, Duration timeout) {
        this.node = Objects.requireNonNull(node);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /**
     * Returns once the drive is online.
     *
     * @throws DeviceException not online {@code timeout} after the call (the message gives the general status bits),
     *                         interrupted, or the reopen failed
     */
    void await() {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            MtStatus status = node.mtget();
            if (status.online()) {
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new DeviceException(node.name(), "not ready " + timeout.toSeconds() + " s after MTLOAD"
                        + " (general status bits 0x" + Long.toHexString(status.gstat()) + ")");
            }
            try {
                sleeper.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException(node.name(), "interrupted while waiting for the cartridge to become ready",
                        e);
            }
            node.reopen();
        }
    }

    /**
     * Returns once the drive has ejected its cartridge (GMT_DR_OPEN): what an LTO drive does at the end of the
     * cleaning cycle it runs by itself when a cleaning cartridge is inserted.
     *
     * @throws DeviceException still holding the cartridge {@code timeout} after the call, interrupted, or the reopen
     *                         failed
     */
    void awaitEjected() {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            MtStatus status = node.mtget();
            if (status.doorOpen()) {
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new DeviceException(node.name(), "the cleaning cartridge was not ejected " + timeout.toSeconds()
                        + " s after it was inserted (general status bits 0x" + Long.toHexString(status.gstat()) + ")");
            }
            try {
                sleeper.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException(node.name(), "interrupted while waiting for the cleaning cycle", e);
            }
            node.reopen();
        }
    }
}
