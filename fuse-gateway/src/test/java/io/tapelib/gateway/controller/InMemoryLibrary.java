package io.tapelib.gateway.controller;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where {@link InMemoryTapeController}'s volumes are and which one a write goes to: volumes in storage slots in the
 * order added, some in drives ({@link #loaded}), some exported to import/export elements, empty drives, a cleaning
 * cartridge and an empty slot after them. Not thread-safe, except the drives' settings: the controller holds its own
 * lock around every other use.
 */
final class InMemoryLibrary {
    private final Map<String, InMemoryVolume> volumes = new LinkedHashMap<>();
    /** Volumes in an import/export element (exported): in no storage slot or drive, and unreadable. */
    private final Set<String> inMailSlots = new LinkedHashSet<>();
    private volatile List<String> loaded = List.of();
    private volatile int driveCount;

    /** Adds a blank LTFS volume of {@code capacityBytes} in a storage slot. */
    void add(String volumeTag, long capacityBytes) {
        volumes.put(volumeTag, new InMemoryVolume(volumeTag, capacityBytes));
    }

    /** The volume, or null when the library has none of that tag. */
    InMemoryVolume get(String volumeTag) {
        return volumes.get(volumeTag);
    }

    /** The volume; NOT_FOUND as the controller answers when the library has none of that tag. */
    InMemoryVolume require(String volumeTag) {
        InMemoryVolume volume = volumes.get(volumeTag);
        if (volume == null) {
            throw new ControllerUnavailableException("NOT_FOUND", "no cartridge " + volumeTag, null);
        }
        return volume;
    }

    /** Every volume, in the order added. */
    Collection<InMemoryVolume> volumes() {
        return volumes.values();
    }

    /** Makes the volume blank: its data and index are gone, its index generation 0. */
    void format(String volumeTag) {
        InMemoryVolume blank = new InMemoryVolume(volumeTag, volumes.get(volumeTag).capacityBytes);
        blank.generation = 0;
        volumes.put(volumeTag, blank);
    }

    /** Gives the library {@code count} drives (empty ones beside those {@link #loaded} fills). */
    void drives(int count) {
        this.driveCount = count;
    }

    /** The volumes in drives (the rest sit in storage slots). */
    void loaded(List<String> volumeTags) {
        this.loaded = volumeTags;
    }

    /** Moves a volume to an import/export element (true) or back to its storage slot (false). */
    void exported(String volumeTag, boolean exported) {
        if (exported) {
            inMailSlots.add(volumeTag);
        } else {
            inMailSlots.remove(volumeTag);
        }
    }

    /** Whether the volume is in an import/export element. */
    boolean exported(String volumeTag) {
        return inMailSlots.contains(volumeTag);
    }

    /** The library as the controller lists it. */
    LibraryInventory inventory() {
        List<LibraryElement> drives = new ArrayList<>();
        List<LibraryElement> slots = new ArrayList<>();
        List<LibraryElement> mail = new ArrayList<>();
        int slot = 1;
        for (String tag : volumes.keySet()) {
            if (inMailSlots.contains(tag)) {
                mail.add(new LibraryElement(mail.size() + 1, true, tag, 0, false));
            } else if (loaded.contains(tag)) {
                drives.add(new LibraryElement(drives.size(), true, tag, slot, false));
            } else {
                slots.add(new LibraryElement(slot, true, tag, 0, false));
            }
            slot++;
        }
        while (drives.size() < driveCount) {
            drives.add(new LibraryElement(drives.size(), false, "", 0, false));
        }
        slots.add(new LibraryElement(slot, true, "CLN001L1", 0, true));
        slots.add(new LibraryElement(slot + 1, false, "", 0, false));
        return new LibraryInventory(drives, slots, mail, null);
    }

    /**
     * The volume a Migrate call writes to, as the controller picks it: the preferred one unless excluded, else the
     * first with room that no call in progress writes to ({@code writing}), else the first with room; never an
     * excluded one. RESOURCE_EXHAUSTED when none has room.
     */
    InMemoryVolume migrationTarget(String preferredVolumeTag, Set<String> excludeVolumeTags, List<String> writing) {
        InMemoryVolume tape = preferredVolumeTag.isEmpty() || excludeVolumeTags.contains(preferredVolumeTag) ? null
                : volumes.get(preferredVolumeTag);
        if (tape == null) {
            tape = volumes.values().stream().filter(t -> t.hasRoom() && !writing.contains(t.volumeTag)
                    && !excludeVolumeTags.contains(t.volumeTag)).findFirst().orElse(null);
        }
        if (tape == null) {
            tape = volumes.values().stream().filter(t -> t.hasRoom()
                    && !excludeVolumeTags.contains(t.volumeTag)).findFirst().orElse(null);
        }
        if (tape == null) {
            throw new ControllerUnavailableException("RESOURCE_EXHAUSTED", "no volume has room", null);
        }
        return tape;
    }

    /**
     * The volume a Reclaim call copies to, as the controller picks it: the batch's target, else the first volume with
     * room that is neither the source nor excluded. NOT_FOUND for an unknown source, FAILED_PRECONDITION for a
     * write-protected one (it could not be formatted afterwards), RESOURCE_EXHAUSTED when no volume has room.
     */
    InMemoryVolume reclaimTarget(ReclaimBatch batch) {
        if (require(batch.sourceVolumeTag()).writeProtected) {
            throw new ControllerUnavailableException("FAILED_PRECONDITION", batch.sourceVolumeTag()
                    + " is write protected: a reclaim could not format it afterwards", null);
        }
        InMemoryVolume target = volumes.get(batch.targetVolumeTag());
        if (target == null || target.volumeTag.equals(batch.sourceVolumeTag())
                || batch.excludeVolumeTags().contains(target.volumeTag)) {
            target = volumes.values().stream().filter(t -> !t.volumeTag.equals(batch.sourceVolumeTag())
                    && !batch.excludeVolumeTags().contains(t.volumeTag) && t.hasRoom())
                    .findFirst().orElseThrow(() -> new ControllerUnavailableException("RESOURCE_EXHAUSTED",
                            "no volume has room", null));
        }
        return target;
    }
}
