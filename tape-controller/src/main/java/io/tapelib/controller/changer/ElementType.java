package io.tapelib.controller.changer;

/** Element types of a medium changer (SCSI Media Changer Commands, SMC-3, section 6.2). */
public enum ElementType {
    /** The robot's picker. */
    MEDIUM_TRANSPORT,
    /** A storage element: a slot of the library's magazines. */
    STORAGE,
    /** An import/export element: a mail slot through which an operator inserts or removes cartridges. */
    IMPORT_EXPORT,
    /** A data transfer element: a tape drive. */
    DATA_TRANSFER
}
