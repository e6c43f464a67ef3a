package io.tapelib.controller.api.grpc;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * When a drive thread must stop waiting at a hand-off with a gRPC stream: the call ended on the client's side
 * (cancelled, deadline passed, connection closed: grpc-java's Netty transport reports each as a cancelled call), the
 * controller is shutting down, or the peer made no progress for the stall timeout (STREAM_STALL_TIMEOUT, the safety
 * net for a peer that is gone without its connection closing). A waiting thread waits in slices of {@link #SLICE_MILLIS} and asks
 * {@link #check} after each, so each of these ends the wait within that slice.
 */
final class HandOffDeadline {

    /** Longest single wait of a hand-off before it checks again, milliseconds. */
    static final long SLICE_MILLIS = 100;

    private final Duration stall;
    private final BooleanSupplier callEnded;
    private final BooleanSupplier shuttingDown;
    private volatile long lastProgress = System.nanoTime();

    /**
     * @param stall        longest time without progress
     * @param callEnded    whether the call ended on the client's side
     * @param shuttingDown whether the controller is shutting down
     */
    HandOffDeadline(Duration stall, BooleanSupplier callEnded, BooleanSupplier shuttingDown) {
        this.stall = stall;
        this.callEnded = callEnded;
        this.shuttingDown = shuttingDown;
    }

    /** The peer moved: a message came in, or one went out. */
    void progressed() {
        lastProgress = System.nanoTime();
    }

    /**
     * @param waitingFor   what the drive thread waits for, for the message
     * @param waitStarted  when this wait began ({@link System#nanoTime()}): a stall is counted from the later of that
     *                     and the last progress, so a job that waited in its drive's queue is not blamed on the peer
     * @throws CancellationException naming the reason, when the wait must end
     */
    void check(String waitingFor, long waitStarted) {
        if (callEnded.getAsBoolean()) {
            throw new CancellationException("the client went away (cancelled, deadline passed or connection closed)"
                    + " while the drive waited for " + waitingFor);
        }
        if (shuttingDown.getAsBoolean()) {
            throw new CancellationException("the controller is shutting down; the job was cancelled while the drive"
                    + " waited for " + waitingFor);
        }
        long idle = System.nanoTime() - Math.max(lastProgress, waitStarted);
        if (idle > stall.toNanos()) {
            throw new CancellationException("the client made no progress for " + Duration.ofNanos(idle).toSeconds()
                    + " s (STREAM_STALL_TIMEOUT " + stall + ") while the drive waited for " + waitingFor);
        }
    }
}
