package io.tapelib.controller.jobs;

/**
 * A file of a migration batch that was not written: its data was read from the caller and discarded, nothing of it is
 * on tape.
 *
 * @param fileId the caller's identifier
 * @param path   the path the caller asked for, as sent
 * @param reason why
 * @param detail the check's own words (sizes in bytes)
 */
public record RejectedFile(long fileId, String path, RejectReason reason, String detail) {
}
