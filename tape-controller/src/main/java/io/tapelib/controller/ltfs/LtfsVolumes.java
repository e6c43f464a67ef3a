package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.TapeDrive;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * The entry points that come before an {@link LtfsVolume} (LTFS Format Specification 2.4): tell what a cartridge
 * holds, format it, mount it, and check a path or a file's size against the format's rules without a volume.
 *
 * <p>Each call delegates to the collaborator that does the work ({@link VolumeProber}, {@link VolumeFormatter},
 * {@link VolumeMounter}, {@link LtfsPaths}, {@link VolumeIndexWriter}). Device errors
 * ({@link io.tapelib.controller.device.DeviceException} and subclasses) pass through unchanged.
 */
public final class LtfsVolumes {

    private LtfsVolumes() {
    }

    /**
     * What the loaded cartridge holds: an LTFS volume, a blank cartridge (EOD at block 0), or something else. Leaves the
     * position at partition 0, block 0. Writes nothing.
     *
     * @throws MediumNotPresentException no cartridge is loaded
     */
    public static VolumeProbe probe(TapeDrive drive) {
        return VolumeProber.probe(drive);
    }

    /**
     * The volume UUID in the LTFS label of the loaded cartridge's index partition (LTFS Format Specification 2.4,
     * section 8.1.2), read without the index. Writes nothing; leaves the position at partition 0, block 0.
     *
     * @param volumeTag the cartridge's barcode, for messages
     * @throws NotLtfsVolumeException  the partition holds no LTFS label construct
     * @throws MalformedIndexException the label cannot be parsed
     */
    public static String volumeUuid(TapeDrive drive, String volumeTag) {
        try {
            return LabelConstruct.read(drive, LtfsVolume.INDEX_PARTITION, volumeTag).volumeUuid();
        } finally {
            Rewind.quietly(drive);
        }
    }

    /**
     * mkltfs equivalent: partitions the cartridge, writes VOL1 and LTFS labels on both partitions and index generation
     * 1 on both (data partition first, then the index partition pointing back to it).
     *
     * @param volumeTag the cartridge's barcode; its first six characters become the VOL1 volume identifier
     * @return the mounted, empty volume
     * @throws io.tapelib.controller.device.WriteProtectedException the cartridge is write protected
     */
    public static LtfsVolume format(TapeDrive drive, String volumeTag, LtfsFormatOptions options) {
        return format(drive, volumeTag, options, null);
    }

    /**
     * {@link #format(TapeDrive, String, LtfsFormatOptions)}, keeping the mounted volume's directory tree in a file
     * under {@code workDir} (see {@link TreeStoreFiles}) until {@link LtfsVolume#unmount()}.
     *
     * @param workDir the controller's work directory ({@code TAPE_MOUNT_DIR}); null keeps the tree in the heap
     *                (small volumes and tests)
     */
    public static LtfsVolume format(TapeDrive drive, String volumeTag, LtfsFormatOptions options, Path workDir) {
        return format(drive, volumeTag, options, workDir, BlockHasher.onCallerThread());
    }

    /**
     * {@link #format(TapeDrive, String, LtfsFormatOptions, Path)}, hashing the files written to the volume on the
     * drive's hashing thread while the drive writes them.
     *
     * @param hasher the drive's; not closed by the volume
     */
    public static LtfsVolume format(TapeDrive drive, String volumeTag, LtfsFormatOptions options, Path workDir,
                                    BlockHasher hasher) {
        return VolumeFormatter.format(drive, volumeTag, options, workDir, hasher);
    }

    /**
     * Reads the labels of both partitions and the newest valid index: the highest generation on either partition
     * whose index parses whole (the data partition's when both hold the same generation); a damaged or partial index
     * is passed over for the next older one. A volume that is not consistent (LTFS Format Specification 2.4,
     * "Consistency": data or a partial index after the last complete index construct of a partition, or an index
     * partition older than the data partition) is mounted read-only and says why in {@link LtfsVolume#consistency()}; nothing
     * is written to it until {@link LtfsVolume#recover()}.
     *
     * @throws NotLtfsVolumeException          the cartridge holds no LTFS volume
     * @throws MalformedIndexException         a label cannot be parsed, or index constructs exist and none parses
     *                                         (naming partition and block); nothing is written
     * @throws UnsupportedLtfsVersionException the volume has a format version this reader does not know
     * @throws LtfsException                   the labels of the two partitions disagree, or no index is found
     */
    public static LtfsVolume mount(TapeDrive drive, String volumeTag) {
        return mount(drive, volumeTag, null);
    }

    /**
     * {@link #mount(TapeDrive, String)}, keeping the directory tree in a file under {@code workDir} (see
     * {@link TreeStoreFiles}) until {@link LtfsVolume#unmount()}: a tape may hold millions of files.
     *
     * @param workDir the controller's work directory ({@code TAPE_MOUNT_DIR}); null keeps the tree in the heap
     *                (small volumes and tests)
     */
    public static LtfsVolume mount(TapeDrive drive, String volumeTag, Path workDir) {
        return mount(drive, volumeTag, workDir, false);
    }

    /**
     * {@link #mount(TapeDrive, String, Path)}; with {@code healOwn}, an inconsistent volume that this service wrote is
     * made consistent at once, as the LTFS reference implementation does at mount ({@link RecoveryDecision} says
     * which volumes; {@link LtfsVolume#recover()} says how), and the recovery is logged in one line. A volume left inconsistent
     * is mounted read-only and its WARN line says why it was not recovered.
     *
     * @param healOwn recover volumes this service wrote (the server's mounts); false mounts every volume as found
     * @throws WriteProtectedException never for a write-protected cartridge (it stays read-only); other device errors
     *                                 of the recovery's writes pass through, the volume then unmounted
     */
    public static LtfsVolume mount(TapeDrive drive, String volumeTag, Path workDir, boolean healOwn) {
        return mount(drive, volumeTag, workDir, healOwn, warning -> true);
    }

    /**
     * {@link #mount(TapeDrive, String, Path, boolean)} for a caller that mounts the same cartridge again after an
     * unload: the WARN line of a volume left read-only is logged only when {@code firstWarning} accepts it, else at
     * DEBUG, so that an operator reads it once per cartridge.
     *
     * @param firstWarning told the whole WARN line; true when it was not logged for this cartridge before
     */
    public static LtfsVolume mount(TapeDrive drive, String volumeTag, Path workDir, boolean healOwn,
                                   Predicate<String> firstWarning) {
        return mount(drive, volumeTag, workDir, healOwn, firstWarning, BlockHasher.onCallerThread());
    }

    /**
     * {@link #mount(TapeDrive, String, Path, boolean, Predicate)}, hashing the files written to the volume on the
     * drive's hashing thread while the drive writes them.
     *
     * @param hasher the drive's; not closed by the volume
     */
    public static LtfsVolume mount(TapeDrive drive, String volumeTag, Path workDir, boolean healOwn,
                                   Predicate<String> firstWarning, BlockHasher hasher) {
        return VolumeMounter.mount(drive, volumeTag, workDir, healOwn, firstWarning, hasher);
    }
    /**
     * Checks a caller's path against the LTFS name rules without a volume (nothing is read or written).
     *
     * @return the normalized path (no leading or trailing slash)
     * @throws InvalidEntryException the path names the root or has an empty, "." or ".." component, a NUL character,
     *                               or a name longer than 255 bytes in UTF-8 (LTFS Format Specification 2.4, section 7.4)
     */
    public static String checkPath(String path) {
        return LtfsPaths.normalize(path);
    }

    /**
     * The largest file an empty data partition of {@code dataPartitionBytes} can take, in bytes: the partition less
     * the label construct and the reserve {@link LtfsVolume#remainingBytes()} keeps for the final index of a volume holding a few
     * entries. A file never spans tapes (DESIGN.md section 5, "LTFS has no spanning"), so a larger file never fits
     * any cartridge of that capacity.
     *
     * @param dataPartitionBytes size of a data partition, bytes
     * @param blockSize          logical block size, bytes
     */
    public static long largestFileBytes(long dataPartitionBytes, int blockSize) {
        return VolumeIndexWriter.largestFileBytes(dataPartitionBytes, blockSize);
    }

    /**
     * The data partition a format with {@code options} makes of a blank cartridge of {@code cartridgeBytes} (its one
     * partition's size): what a blank cartridge offers once this service formats it, in bytes.
     */
    public static long dataPartitionBytesAfterFormat(long cartridgeBytes, LtfsFormatOptions options) {
        return cartridgeBytes - VolumeFormatter.indexPartitionBytes(cartridgeBytes, options);
    }
}
