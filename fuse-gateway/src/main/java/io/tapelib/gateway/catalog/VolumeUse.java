package io.tapelib.gateway.catalog;

/**
 * How much of a cartridge its live files take (reclaim, issue 13).
 *
 * @param volumeTag     the cartridge
 * @param state         what the controller found on it
 * @param capacityBytes data partition capacity, bytes (the controller's figure)
 * @param usedBytes     bytes written on the data partition: capacity minus remaining, bytes
 * @param liveBytes     bytes of the extents of the current copies on it, bytes
 * @param liveEntries   entries whose current copy it holds (files, directories, symlinks, special files; not the root)
 * @param writeProtected its write-protect tab was set at its last load ({@link WriteProtectedVolumes})
 */
public record VolumeUse(String volumeTag, VolumeState state, long capacityBytes, long usedBytes, long liveBytes,
                        int liveEntries, boolean writeProtected) {
    /** Bytes no live file uses (deleted files, older versions, index copies): used minus live, never negative. */
    public long deadBytes() {
        return Math.max(0, usedBytes - liveBytes);
    }
}
