package io.tapelib.controller.ltfs;

/**
 * Result of {@link LtfsVolumes#probe}.
 *
 * @param kind   LTFS, blank or unsupported
 * @param detail one line for an operator: the volume UUID of an LTFS volume, or what was found instead
 */
public record VolumeProbe(VolumeKind kind, String detail) {
}
