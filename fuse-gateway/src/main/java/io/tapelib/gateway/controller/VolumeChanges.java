package io.tapelib.gateway.controller;

import java.util.List;
import java.util.Objects;

/**
 * The metadata changes of one volume, in the order they apply (tape_controller.proto, VolumeChanges).
 *
 * @param volumeTag the volume whose index they change
 * @param changes   in order
 */
public record VolumeChanges(String volumeTag, List<IndexChange> changes) {
    public VolumeChanges {
        Objects.requireNonNull(volumeTag, "volumeTag");
        changes = List.copyOf(changes);
    }
}
