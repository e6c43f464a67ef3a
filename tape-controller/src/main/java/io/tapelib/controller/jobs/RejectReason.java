package io.tapelib.controller.jobs;

/** Why a file of a migration batch was not written (tapelib.v1 RejectReason). */
public enum RejectReason {
    /** The volume's index cannot take the path (e.g. a directory of that name is on tape). */
    PATH_CONFLICT,
    /** Larger than an empty cartridge can take; a file never spans tapes, so it never fits. */
    TOO_LARGE,
    /** No volume had room for the file; a later batch may find one. */
    VOLUME_FULL,
    /** A bad FileStart: negative length or a name LTFS cannot carry. */
    INVALID
}
