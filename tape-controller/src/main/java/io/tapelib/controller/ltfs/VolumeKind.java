package io.tapelib.controller.ltfs;

/** What a loaded cartridge holds: an LTFS volume, nothing (EOD at block 0), or something this service does not write over. */
public enum VolumeKind { LTFS, BLANK, UNSUPPORTED }
