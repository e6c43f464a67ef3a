package io.tapelib.controller.jobs;

/** What a job did to a tape. */
public enum JobType {
    /** The robot moved a cartridge into a drive and the drive threaded it. */
    LOAD,
    /** The drive unthreaded a cartridge and the robot put it back into a storage element. */
    UNLOAD,
    /** The latest LTFS index of a volume was read and sent. */
    INDEX,
    /** Files were read from a volume. */
    RECALL,
    /** Files were written to a volume, followed by an index. */
    MIGRATE,
    /** A blank cartridge was formatted as an LTFS volume (the mkltfs equivalent). */
    FORMAT,
    /** An operator's existing files were written to a volume by the {@code import} command. */
    IMPORT,
    /** An inconsistent LTFS volume got a new consistent index on an operator's request. */
    RECOVER,
    /** Metadata changes made at the gateway's mount were written into a volume's index as a new generation. */
    UPDATE_INDEX
}
