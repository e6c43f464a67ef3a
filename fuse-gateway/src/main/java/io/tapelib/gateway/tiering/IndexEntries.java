package io.tapelib.gateway.tiering;

import com.google.protobuf.Timestamp;
import io.tapelib.gateway.catalog.ExtendedAttribute;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.proto.v1.EntryKind;
import io.tapelib.proto.v1.Extent;
import io.tapelib.proto.v1.IndexEntry;
import io.tapelib.proto.v1.Volume;
import java.time.Instant;
import java.util.List;

/** Translates the contract's index messages (tapelib.v1) into the catalog's records. */
final class IndexEntries {
    private IndexEntries() {
    }

    static VolumeRecord volume(Volume volume, Instant indexedAt) {
        VolumeState state = switch (volume.getState()) {
            case LTFS -> VolumeState.LTFS;
            case BLANK -> VolumeState.BLANK;
            default -> VolumeState.UNSUPPORTED;
        };
        return new VolumeRecord(volume.getVolumeTag(), volume.getVolumeUuid().isEmpty() ? null : volume.getVolumeUuid(),
                state, volume.getGeneration(), volume.getCapacityBytes(), volume.getRemainingBytes(), volume.getBlockSize(),
                indexedAt);
    }

    /**
     * An index entry as the catalog stores it. LTFS attribute keys are shown at the mount in the
     * {@code user.} namespace (LTFS Format Specification 2.4, section 7.7: the index keeps names without a
     * namespace prefix, the reference implementation exposes them as user attributes).
     */
    static TapeEntry entry(IndexEntry entry) {
        FileKind kind = switch (entry.getKind()) {
            case DIRECTORY -> FileKind.DIRECTORY;
            case SYMLINK -> FileKind.SYMLINK;
            default -> FileKind.FILE;
        };
        List<ExtentRecord> extents = entry.getExtentsList().stream().map(IndexEntries::extent).toList();
        List<ExtendedAttribute> xattrs = entry.getXattrsList().stream()
                .map(x -> new ExtendedAttribute("user." + x.getKey(), x.getValue().toByteArray())).toList();
        return new TapeEntry(entry.getPath(), kind, entry.getLength(), entry.getMode(), entry.getUid(), entry.getGid(),
                instant(entry.getModifyTime()), instant(entry.getChangeTime()), instant(entry.getAccessTime()),
                instant(entry.getCreationTime()), entry.getKind() == EntryKind.SYMLINK ? entry.getSymlinkTarget() : null,
                extents, xattrs);
    }

    static ExtentRecord extent(Extent extent) {
        return new ExtentRecord(extent.getPartition(), extent.getStartBlock(), extent.getByteOffset(),
                extent.getByteCount(), extent.getFileOffset());
    }

    static Extent extent(ExtentRecord extent) {
        return Extent.newBuilder().setPartition(extent.partition()).setStartBlock(extent.startBlock())
                .setByteOffset(extent.byteOffset()).setByteCount(extent.byteCount()).setFileOffset(extent.fileOffset())
                .build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
