package io.tapelib.controller.drive;

/**
 * What every {@link TapeDrive} adapter must do (SSC-4 semantics as the port describes them), by behaviour: recording
 * blocks and filemarks, a cartridge's capacity, partitions, and the cartridge itself (write protection, unload, none).
 * Each adapter's test implements this and supplies drives in the states {@link DriveStates} names.
 */
public interface TapeDriveContract extends RecordingContract, CapacityContract, PartitionContract, CartridgeContract {
}
