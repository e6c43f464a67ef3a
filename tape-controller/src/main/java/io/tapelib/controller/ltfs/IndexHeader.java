package io.tapelib.controller.ltfs;

import java.time.Instant;
import java.util.Optional;

/**
 * The elements of an LTFS index that precede the root directory (LTFS Format Specification 2.4, section 9.2),
 * plus the volume name (the root directory's {@code name}).
 *
 * @param version             the {@code version} attribute of {@code ltfsindex}, e.g. {@code 2.4.0}
 * @param creator             the software that wrote the index
 * @param comment             the optional {@code comment}, null when absent
 * @param volumeUuid          the volume UUID, equal to the labels'
 * @param generation          the index generation number
 * @param updateTime          when the index was written
 * @param location            self pointer
 * @param previousGeneration  back pointer, empty for the first index of the data partition
 * @param allowPolicyUpdate   the {@code allowpolicyupdate} flag
 * @param highestFileUid      the {@code highestfileuid}: largest fileuid in use
 * @param volumeLockState     {@code unlocked}, {@code locked} or {@code permlocked} as written; null when absent
 *                            (before 2.4). Anything but {@code unlocked} means the volume must not be written
 * @param volumeName          the root directory's name, null when empty
 * @param dataPlacementPolicy the {@code dataplacementpolicy}, empty when the index has none
 */
public record IndexHeader(String version, String creator, String comment, String volumeUuid, long generation,
                          Instant updateTime, IndexLocation location, Optional<IndexLocation> previousGeneration,
                          boolean allowPolicyUpdate, long highestFileUid, String volumeLockState, String volumeName,
                          Optional<DataPlacementPolicy> dataPlacementPolicy) {

    /** A header without a data placement policy. */
    public IndexHeader(String version, String creator, String comment, String volumeUuid, long generation,
                       Instant updateTime, IndexLocation location, Optional<IndexLocation> previousGeneration,
                       boolean allowPolicyUpdate, long highestFileUid, String volumeLockState, String volumeName) {
        this(version, creator, comment, volumeUuid, generation, updateTime, location, previousGeneration,
                allowPolicyUpdate, highestFileUid, volumeLockState, volumeName, Optional.empty());
    }
}
