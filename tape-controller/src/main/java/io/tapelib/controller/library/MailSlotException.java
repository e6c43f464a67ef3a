package io.tapelib.controller.library;

/**
 * An operator's insert or eject through the import/export elements was refused; nothing was changed. The reason
 * tells which refusal it is (the command line turns it into its exit status).
 */
public class MailSlotException extends RuntimeException {

    /** Why the cartridge could not go in or out. */
    public enum Reason {
        /** The directory named is not a cartridge folder, or carries no usable volume tag. */
        NOT_A_CARTRIDGE,
        /** The volume tag is already in the library, or a cartridge directory of that tag is left in it. */
        ALREADY_IN_LIBRARY,
        /** Every import/export element holds a cartridge. */
        NO_FREE_MAIL_SLOT,
        /** The cartridge is not in an import/export element (in a storage slot, a drive, or not in the library). */
        NOT_IN_MAIL_SLOT,
        /** The destination of an eject exists and is not an empty directory. */
        DESTINATION_EXISTS,
        /** No virtual library is kept in the directory named. */
        NO_LIBRARY
    }

    private final Reason reason;

    public MailSlotException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Which refusal this is. */
    public Reason reason() {
        return reason;
    }
}
