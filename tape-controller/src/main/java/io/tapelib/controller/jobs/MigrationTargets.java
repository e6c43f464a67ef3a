package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.ltfs.VolumeKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Chooses the cartridge a migration batch goes to and keeps, for the batches running at once (one per drive), which
 * volume each writes, so that a batch without a preferred volume goes to another cartridge, in another drive, rather
 * than queueing behind one that writes there already.
 */
final class MigrationTargets {

    /** Logical block size of volumes this controller formats, bytes. */
    private final int blockSize;
    private final DriveQueues drives;
    private final KnownVolumes known;
    private final Robot robot;
    /** Probes an unseen volume on a drive (mounting it when LTFS) and returns what it learned; blocks. */
    private final Function<String, VolumeSummary> probe;
    /** Volume tag to the number of migrations reserved on it and not yet released; guarded by this object. */
    private final Map<String, Integer> writing = new HashMap<>();

    MigrationTargets(int blockSize, DriveQueues drives, KnownVolumes known, Robot robot,
                     Function<String, VolumeSummary> probe) {
        this.blockSize = blockSize;
        this.drives = drives;
        this.known = known;
        this.robot = robot;
        this.probe = probe;
    }

    /**
     * Reserves the volume a batch whose first file is {@code firstFileBytes} bytes goes to, until {@link #release}:
     * {@code preferredTag} when given (the caller placed the batch) and not excluded, else {@link #choose}.
     *
     * @param excluded volume tags never to write to (being reclaimed), also when preferred
     * @throws TapeFullException no LTFS volume has room and no blank cartridge is left
     */
    String reserve(Optional<String> preferredTag, long firstFileBytes, Set<String> excluded) {
        if (preferredTag.isPresent() && !excluded.contains(preferredTag.get())) {
            synchronized (this) {
                writing.merge(preferredTag.get(), 1, Integer::sum);
            }
            return preferredTag.get();
        }
        return choose(firstFileBytes, excluded);
    }

    /** Ends a reservation made by {@link #reserve}. */
    synchronized void release(String tag) {
        writing.computeIfPresent(tag, (t, count) -> count > 1 ? count - 1 : null);
    }

    /**
     * The volume tag for a batch whose first file is {@code firstFileBytes} bytes, reserved for it: a volume no other
     * migration writes to with room for the file (and two blocks of index), in this order: an LTFS volume in an idle
     * drive, an LTFS volume another job has a drive for, any other LTFS volume in a drive or a storage slot, the
     * first blank cartridge found (in a drive before in a slot); when every such volume is being written, an LTFS volume with room that another
     * migration writes to (the batch queues behind it).
     * Volumes not seen since start-up are probed (and mounted when LTFS) on a drive first; {@code excluded} ones are
     * neither probed nor chosen.
     *
     * @throws TapeFullException no LTFS volume has room and no blank cartridge is left
     */
    String choose(long firstFileBytes, Set<String> excluded) {
        long needed = firstFileBytes + 2L * blockSize;
        Set<String> inDrives = new LinkedHashSet<>(drives.idleTags());
        inDrives.addAll(drives.assignedTags());
        inDrives.removeAll(excluded);
        for (String assigned : inDrives) {
            VolumeSummary summary = known.find(assigned).orElse(null);
            if (summary != null && summary.kind() == VolumeKind.LTFS && summary.remainingBytes() >= needed
                    && tryReserve(assigned)) {
                return assigned;
            }
        }
        Inventory inventory = robot.inventory();
        known.retainOnly(Stream.of(inventory.dataTransfer(), inventory.storage(), inventory.importExport())
                .flatMap(List::stream).flatMap(e -> e.volumeTag().stream()).toList());
        // cartridges in drives first: probing one there needs no exchange
        List<String> candidates = Stream.concat(inventory.dataTransfer().stream(), inventory.storage().stream())
                .filter(e -> e.full() && !e.isCleaningCartridge())
                .flatMap(e -> e.volumeTag().stream())
                .filter(tag -> !excluded.contains(tag))
                .toList();
        List<String> blanks = new ArrayList<>();
        List<String> busyWithRoom = new ArrayList<>();
        for (String tag : candidates) {
            if (isWritten(tag) && known.find(tag).isEmpty()) {
                continue; // being formatted or written right now: known once that job is done
            }
            VolumeSummary summary = known.find(tag).orElseGet(() -> probe.apply(tag));
            if (summary.kind() == VolumeKind.LTFS && summary.remainingBytes() >= needed) {
                if (tryReserve(tag)) {
                    return tag;
                }
                busyWithRoom.add(tag);
            }
            if (summary.kind() == VolumeKind.BLANK) {
                blanks.add(tag);
            }
        }
        for (String blank : blanks) {
            if (tryReserve(blank)) {
                return blank;
            }
        }
        if (!busyWithRoom.isEmpty()) {
            String shared = busyWithRoom.get(0);
            synchronized (this) {
                writing.merge(shared, 1, Integer::sum);
            }
            return shared;
        }
        throw new TapeFullException("no LTFS volume has room for " + firstFileBytes + " bytes and no blank cartridge is left");
    }

    /** Reserves {@code tag} when no other migration writes to it. */
    private synchronized boolean tryReserve(String tag) {
        if (writing.containsKey(tag)) {
            return false;
        }
        writing.put(tag, 1);
        return true;
    }

    private synchronized boolean isWritten(String tag) {
        return writing.containsKey(tag);
    }
}
