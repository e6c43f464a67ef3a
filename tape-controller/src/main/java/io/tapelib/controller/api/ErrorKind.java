package io.tapelib.controller.api;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.device.CleaningCartridgeException;
import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.jobs.ElementConflictException;
import io.tapelib.controller.jobs.TapeFullException;
import io.tapelib.controller.jobs.UnsupportedVolumeException;
import io.tapelib.controller.jobs.VolumeInDriveException;
import io.tapelib.controller.jobs.VolumeNotFoundException;
import io.tapelib.controller.ltfs.LtfsException;
import io.tapelib.controller.ltfs.ReadOnlyVolumeException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the APIs report an error, shared by gRPC (a Status code) and REST (an HTTP status) so both say the same.
 */
public enum ErrorKind {
    /** Unknown volume tag, drive or slot, or an empty slot: gRPC NOT_FOUND, HTTP 404. */
    NOT_FOUND,
    /**
     * Drive or mail slot full, no free storage element, a cartridge already in a mail slot, cleaning cartridge, write
     * protected, not LTFS, an inconsistent volume mounted read-only: gRPC FAILED_PRECONDITION, HTTP 409.
     */
    CONFLICT,
    /**
     * Busy for now (a full drive queue, a cartridge still in another drive, shutting down); the same request may
     * succeed later: gRPC UNAVAILABLE, HTTP 503.
     */
    BUSY,
    /** The caller went away before the work finished: gRPC CANCELLED, HTTP 503 (nobody reads it). */
    CANCELLED,
    /** No room on tape: gRPC RESOURCE_EXHAUSTED, HTTP 507. */
    TAPE_FULL,
    /** Malformed request: gRPC INVALID_ARGUMENT, HTTP 400. */
    BAD_INPUT,
    /** The device did not do what was asked: gRPC UNAVAILABLE, HTTP 503. */
    DEVICE,
    /** A defect of the controller: gRPC INTERNAL, HTTP 500. */
    INTERNAL;

    /** The error inside a future's wrapper. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Classifies an error (unwrapped first). */
    public static ErrorKind of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof VolumeNotFoundException || e instanceof UnknownElementException || e instanceof SourceEmptyException) {
            return NOT_FOUND;
        }
        if (e instanceof DestinationFullException || e instanceof CleaningCartridgeException
                || e instanceof WriteProtectedException || e instanceof UnsupportedVolumeException
                || e instanceof VolumeInDriveException || e instanceof ReadOnlyVolumeException
                || e instanceof ElementConflictException) {
            return CONFLICT;
        }
        if (e instanceof DeviceBusyException) {
            return BUSY;
        }
        if (e instanceof CancellationException) {
            return CANCELLED;
        }
        if (e instanceof TapeFullException || e instanceof EndOfMediumException) {
            return TAPE_FULL;
        }
        if (e instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        if (e instanceof DeviceException || e instanceof LtfsException || e instanceof java.io.UncheckedIOException) {
            return DEVICE;
        }
        return INTERNAL;
    }
}
