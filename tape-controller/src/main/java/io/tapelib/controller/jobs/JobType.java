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
    /**
     * Two things share the proto's IMPORT: an operator's existing files written to a volume by the {@code import}
     * command (tree import; on a drive, the volume tag set), and cartridges brought from import/export elements into
     * storage elements by the Import call ({@link CartridgeMoves#importCartridges}; drive {@value
     * CartridgeMoves#NO_DRIVE}, the volume tags moved in the job's detail).
     */
    IMPORT,
    /** An inconsistent LTFS volume got a new consistent index on an operator's request. */
    RECOVER,
    /** Metadata changes made at the gateway's mount were written into a volume's index as a new generation. */
    UPDATE_INDEX,
    /** Live files of a volume were copied to another volume (Reclaim); the source was only read. */
    RECLAIM,
    /** The robot moved a cartridge to an import/export element for the operator to take out. */
    EXPORT,
    /** The robot moved a cartridge between two storage or import/export elements. */
    MOVE,
    /** A cleaning cartridge was loaded into a drive that asked for cleaning, and unloaded. */
    CLEAN
}
