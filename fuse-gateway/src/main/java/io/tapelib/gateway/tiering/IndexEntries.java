package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.ExtendedAttribute;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.TapeEntry;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.controller.TapeExtent;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.controller.VolumeSummary;
import java.time.Instant;
import java.util.List;

/** Translates what the controller port reports of a tape (volume, index entries, extents) into the catalog's records. */
final class IndexEntries {
    private static final String VENDOR_PREFIX = "ltfs.vendor.tapelib.";

    private IndexEntries() {
    }

    static VolumeRecord volume(VolumeSummary volume, Instant indexedAt) {
        VolumeState state = switch (volume.format()) {
            case LTFS -> VolumeState.LTFS;
            case BLANK -> VolumeState.BLANK;
            case UNSUPPORTED -> VolumeState.UNSUPPORTED;
        };
        return new VolumeRecord(volume.volumeTag(), volume.uuid(), state, volume.generation(), volume.capacityBytes(),
                volume.remainingBytes(), volume.blockSize(), indexedAt);
    }

    /**
     * An index entry as the catalog stores it. LTFS attribute keys are shown at the mount in the
     * {@code user.} namespace (LTFS Format Specification 2.4, section 7.7: the index keeps names without a
     * namespace prefix, the reference implementation exposes them as user attributes). This service's vendor
     * attributes (type, device number and link group of special files and hard links, README "On-tape format")
     * are the entry's kind, device number and link group, not attributes; they are left out should a controller
     * pass them on. The format's own {@code ltfs.*} keys travel on (the hash gives the copy's SHA-256) but the
     * catalog keeps them out of the user's attributes ({@link TapeEntry#userXattrs}).
     */
    static TapeEntry entry(TapeIndexEntry entry) {
        List<ExtentRecord> extents = entry.extents().stream().map(IndexEntries::extent).toList();
        List<ExtendedAttribute> xattrs = entry.xattrs().stream()
                .filter(x -> !x.key().startsWith(VENDOR_PREFIX))
                .map(x -> new ExtendedAttribute("user." + x.key(), x.value())).toList();
        return new TapeEntry(entry.path(), entry.kind(), entry.length(), entry.mode(), entry.uid(), entry.gid(),
                entry.times().modify(), entry.times().change(), entry.times().access(), entry.times().creation(),
                entry.symlinkTarget(), extents, xattrs, entry.deviceNumber(), entry.linkGroup());
    }

    static ExtentRecord extent(TapeExtent extent) {
        return new ExtentRecord(extent.partition(), extent.startBlock(), extent.byteOffset(), extent.byteCount(),
                extent.fileOffset());
    }

    static TapeExtent extent(ExtentRecord extent) {
        return new TapeExtent(extent.partition(), extent.startBlock(), extent.byteOffset(), extent.byteCount(),
                extent.fileOffset());
    }
}
