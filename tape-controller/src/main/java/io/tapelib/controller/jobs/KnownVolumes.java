package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.LtfsVolumes;
import io.tapelib.controller.ltfs.VolumeKind;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What the scheduler last learned of each volume since start-up, by volume tag; safe for any thread. */
final class KnownVolumes {

    private final Map<String, VolumeSummary> byTag = new ConcurrentHashMap<>();
    /** The last mount warning logged for each volume tag. */
    private final Map<String, String> warnings = new ConcurrentHashMap<>();

    /** Keeps {@code summary} as the latest word on its volume tag. */
    void remember(VolumeSummary summary) {
        byTag.put(summary.volumeTag(), summary);
    }

    /**
     * Whether {@code warning} is news for {@code volumeTag}: true unless it is the warning last logged for it (a
     * cartridge unloaded and mounted again in the same state, by a later job).
     */
    boolean firstWarning(String volumeTag, String warning) {
        return !warning.equals(warnings.put(volumeTag, warning));
    }

    /** The latest summary of {@code volumeTag}, if the volume was seen since start-up. */
    Optional<VolumeSummary> find(String volumeTag) {
        return Optional.ofNullable(byTag.get(volumeTag));
    }

    /** The largest file an empty cartridge of the largest capacity seen so far takes, bytes; 0 when none was seen. */
    long largestFileBytes() {
        return byTag.values().stream().filter(v -> v.kind() == VolumeKind.LTFS)
                .mapToLong(v -> LtfsVolumes.largestFileBytes(v.capacityBytes(), (int) v.blockSize())).max().orElse(0);
    }
}
