package io.tapelib.controller.jobs;

import java.util.Map;
import java.util.Set;

/**
 * The library's cleaning as the controller knows it, for GetLibrary and the REST library view.
 *
 * @param drivesAsking data transfer element numbers of drives that asked for cleaning (TapeAlert 20 or 21) and were
 *                     not cleaned since
 * @param cartridges   cleaning cartridges the controller has used, by volume tag
 */
public record CleaningState(Set<Integer> drivesAsking, Map<String, CleaningUse> cartridges) {

    /** Nothing asked, nothing used. */
    public static final CleaningState NONE = new CleaningState(Set.of(), Map.of());

    public CleaningState {
        drivesAsking = Set.copyOf(drivesAsking);
        cartridges = Map.copyOf(cartridges);
    }

    /**
     * One cleaning cartridge.
     *
     * @param uses    cleanings the controller ran with it
     * @param expired a drive reported it expired (TapeAlert 22); it is not used again
     */
    public record CleaningUse(int uses, boolean expired) {
    }

    /** What is known of cleaning cartridge {@code volumeTag}: 0 uses, not expired, when never used. */
    public CleaningUse of(String volumeTag) {
        return cartridges.getOrDefault(volumeTag, new CleaningUse(0, false));
    }
}
