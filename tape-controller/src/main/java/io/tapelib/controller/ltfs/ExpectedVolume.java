package io.tapelib.controller.ltfs;

/**
 * What a caller's catalog holds of a volume, from the last index it read: enough to read file extents without the
 * index when the cartridge memory says nothing was written since ({@link CoherentVolume}).
 *
 * @param volumeUuid the LTFS volume UUID of the labels; "" when unknown
 * @param generation the index generation the catalog holds; 0 when unknown
 * @param blockSize  the volume's logical block size in bytes; 0 when unknown (the data partition's label then says)
 */
public record ExpectedVolume(String volumeUuid, long generation, int blockSize) {

    /** Nothing known: a recall mounts the volume and reads its index. */
    public static final ExpectedVolume UNKNOWN = new ExpectedVolume("", 0, 0);

    /** @throws IllegalArgumentException a negative generation or block size */
    public ExpectedVolume {
        volumeUuid = volumeUuid == null ? "" : volumeUuid.strip();
        if (generation < 0 || blockSize < 0) {
            throw new IllegalArgumentException("expected generation and block size must not be negative, got "
                    + generation + " and " + blockSize);
        }
    }

    /** True when the catalog names a volume UUID and an index generation (LTFS generations start at 1). */
    public boolean known() {
        return !volumeUuid.isEmpty() && generation > 0;
    }
}
