package io.tapelib.gateway.tiering;

/** A reclaim asked for by hand cannot start: an unknown cartridge, or one that is not LTFS, shelved or reclaiming. */
public class ReclaimRefusedException extends RuntimeException {
    private final boolean unknown;

    /**
     * @param unknown whether the catalog does not know the cartridge (else it cannot be reclaimed now)
     * @param message why, naming the volume tag
     */
    public ReclaimRefusedException(boolean unknown, String message) {
        super(message);
        this.unknown = unknown;
    }

    /** Whether the catalog does not know the cartridge. */
    public boolean unknown() {
        return unknown;
    }
}
