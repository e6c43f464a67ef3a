package io.tapelib.controller.ltfs;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The words of a recovery at mount: what the cartridge memory said before the mount judged the tape, and the one log
 * line that says what the recovery did (volume tag, generations, blocks skipped).
 */
final class MountRecovery {

    private MountRecovery() {
    }

    /**
     * What the Volume Coherency Information of both partitions says, compared with the drive's Volume Change
     * Reference (the reference implementation's fast consistency test at mount, {@code ltfs_mount}): unchanged means
     * nothing was written since the last index of each partition; moved on means the medium was written after the
     * last index construct the parameters name, so the tape itself must be read.
     */
    static String describeMam(MamParameters mam) {
        OptionalLong vcr = mam.volumeChangeReference();
        Optional<VolumeCoherency> index = mam.coherency(LtfsVolume.INDEX_PARTITION);
        Optional<VolumeCoherency> data = mam.coherency(LtfsVolume.DATA_PARTITION);
        if (vcr.isEmpty() || (index.isEmpty() && data.isEmpty())) {
            return "no volume coherency information in MAM";
        }
        String names = "a:" + index.map(c -> "generation " + c.generation()).orElse("none") + ", b:"
                + data.map(c -> "generation " + c.generation()).orElse("none");
        boolean unchanged = index.isPresent() && data.isPresent()
                && index.get().volumeChangeReference() == vcr.getAsLong()
                && data.get().volumeChangeReference() == vcr.getAsLong();
        return unchanged ? "MAM coherency unchanged since the last index (" + names + ")"
                : "MAM volume change reference moved on since the last index (" + names + "): medium written after it";
    }

    /**
     * The line logged for a recovery at mount.
     *
     * @param before                   the consistency found at mount
     * @param indexPartitionGeneration the index partition's generation found at mount, -1 for none
     * @param after                    the consistency after recovery
     * @param copy                     where the index partition copy now lies
     * @param mamState                 {@link #describeMam} before the recovery
     */
    static String line(String volumeTag, Consistency before, long indexPartitionGeneration, Consistency after,
                       IndexLocation copy, String mamState) {
        long skipped = before.unindexed().stream().filter(u -> u.partition() == LtfsVolume.DATA_PARTITION)
                .mapToLong(UnindexedBlocks::objects).sum();
        String dataPart = after.generation() == before.generation()
                ? "the data partition ends with it"
                : "wrote generation " + after.generation() + " at " + after.index() + " after " + skipped
                + " unindexed logical object(s)" + before.unindexed().stream()
                .filter(u -> u.partition() == LtfsVolume.DATA_PARTITION).findFirst().map(u -> " (" + u + ")").orElse("");
        return volumeTag + ": recovered at mount (written by this service; LTFS Format Specification 2.4,"
                + " consistency): newest index generation " + before.generation() + " at " + before.index() + ", "
                + dataPart + "; index partition copy refreshed at " + copy + " (was "
                + (indexPartitionGeneration < 0 ? "none" : "generation " + indexPartitionGeneration) + "); "
                + mamState;
    }
}
