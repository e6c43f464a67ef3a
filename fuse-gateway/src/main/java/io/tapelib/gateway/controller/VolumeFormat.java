package io.tapelib.gateway.controller;

/**
 * What the controller found on a cartridge: an LTFS volume, a blank cartridge for the scratch pool, or one it
 * cannot parse (reported, never overwritten; shared/DESIGN.md section 4).
 */
public enum VolumeFormat {
    LTFS, BLANK, UNSUPPORTED
}
