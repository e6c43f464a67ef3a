package io.tapelib.gateway.catalog;

/**
 * What the controller found on a cartridge (proto {@code VolumeState}): an LTFS volume the gateway can
 * catalog, a blank cartridge for the scratch pool, or one it cannot parse (reported, never overwritten;
 * shared/DESIGN.md section 4).
 */
public enum VolumeState {
    LTFS, BLANK, UNSUPPORTED
}
