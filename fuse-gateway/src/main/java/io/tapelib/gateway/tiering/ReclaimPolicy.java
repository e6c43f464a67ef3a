package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.catalog.VolumeUse;
import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.LibraryInventory;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which cartridge to reclaim (issue 13): an LTFS volume in the library (in a storage or data transfer element of the
 * inventory: a shelved one, in a mail slot or out of the library, cannot be read) whose dead bytes pass
 * RECLAIM_THRESHOLD of its capacity; the one with the most dead bytes first. Never a write-protected one: the format
 * that frees its space would be refused, after its files had filled another cartridge. Pure: the caller brings the
 * figures.
 */
final class ReclaimPolicy {
    private final double threshold;

    /** @param threshold RECLAIM_THRESHOLD, a share of the capacity in (0, 1] */
    ReclaimPolicy(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("RECLAIM_THRESHOLD must be in (0, 1], not " + threshold);
        }
        this.threshold = threshold;
    }

    /** Whether a cartridge's dead bytes pass the threshold. */
    boolean due(VolumeUse use) {
        return use.capacityBytes() > 0 && use.deadBytes() > threshold * use.capacityBytes();
    }

    /** Why a cartridge cannot be reclaimed now, or empty when it can (a manual start needs no threshold). */
    Optional<String> refusal(VolumeUse use, LibraryInventory library) {
        if (use.state() != VolumeState.LTFS) {
            return Optional.of(use.volumeTag() + " is " + use.state() + ", not an LTFS volume");
        }
        if (use.writeProtected()) {
            return Optional.of(use.volumeTag() + " is write protected (its tab was set at its last load): its space"
                    + " cannot be freed");
        }
        if (!inLibrary(library).contains(use.volumeTag())) {
            return Optional.of(use.volumeTag() + " is shelved (in no storage or data transfer element)");
        }
        return Optional.empty();
    }

    /** The cartridge to reclaim next among {@code uses}, none of {@code reclaiming}; empty when none is due. */
    Optional<VolumeUse> choose(Collection<VolumeUse> uses, LibraryInventory library, Set<String> reclaiming) {
        return uses.stream().filter(use -> !reclaiming.contains(use.volumeTag())).filter(this::due)
                .filter(use -> refusal(use, library).isEmpty())
                .max(Comparator.comparingLong(VolumeUse::deadBytes).thenComparing(VolumeUse::volumeTag,
                        Comparator.reverseOrder()));
    }

    private static Set<String> inLibrary(LibraryInventory library) {
        return Stream.of(library.drives(), library.storageSlots()).flatMap(List::stream)
                .filter(LibraryElement::full).filter(e -> !e.cleaning()).map(LibraryElement::volumeTag)
                .collect(Collectors.toSet());
    }
}
