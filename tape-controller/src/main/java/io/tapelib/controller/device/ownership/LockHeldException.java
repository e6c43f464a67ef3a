package io.tapelib.controller.device.ownership;

import java.io.IOException;

/**
 * Another holder has the exclusive lock ({@link ExclusiveLock}); {@link #holder()} names it for the operator.
 */
public class LockHeldException extends IOException {
    private final String holder;
    private final boolean thisProcess;

    /**
     * @param file        the locked file
     * @param holder      who holds it, in words for an operator (pid and command line where they could be found)
     * @param thisProcess the holder is this very process (another part of it took the lock first)
     */
    public LockHeldException(String file, String holder, boolean thisProcess) {
        super(file + " is locked by " + holder);
        this.holder = holder;
        this.thisProcess = thisProcess;
    }

    /** Who holds the lock: the note it left in the lock file, or the processes found holding it, or "another process". */
    public String holder() {
        return holder;
    }

    /** Whether this process already holds the lock. */
    public boolean heldByThisProcess() {
        return thisProcess;
    }
}
