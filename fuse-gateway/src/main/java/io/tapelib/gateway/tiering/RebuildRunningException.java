package io.tapelib.gateway.tiering;

/** A re-index of every cartridge was asked for while one runs (REST: 409). */
public class RebuildRunningException extends RuntimeException {
    private final transient RebuildProgress progress;

    public RebuildRunningException(RebuildProgress progress) {
        super("a rebuild is running: " + progress.cartridgesDone() + " of " + progress.cartridgesTotal()
                + " cartridges done");
        this.progress = progress;
    }

    /** The running rebuild's progress. */
    public RebuildProgress progress() {
        return progress;
    }
}
