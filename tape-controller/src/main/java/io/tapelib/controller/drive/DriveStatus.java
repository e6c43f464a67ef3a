package io.tapelib.controller.drive;

import java.util.Optional;

/**
 * What a drive reports of itself (the st driver's MTIOCGET / {@code mt status}).
 *
 * @param loaded         a cartridge is threaded and ready (GMT_ONLINE)
 * @param writeProtected the loaded cartridge is write protected (GMT_WR_PROT)
 * @param position       the current position, empty when no cartridge is loaded
 * @param partitions     number of partitions on the loaded cartridge, 0 when none
 * @param blockSize      fixed block size in bytes, 0 for variable block mode
 * @param densityCode    SCSI density code of the medium (0x58 for LTO-5), 0 when unknown
 * @param volumeTag      the barcode of the loaded cartridge when the drive knows it (MAM)
 */
public record DriveStatus(boolean loaded, boolean writeProtected, Optional<TapePosition> position,
                          int partitions, int blockSize, int densityCode, Optional<String> volumeTag) {

    public static DriveStatus empty() {
        return new DriveStatus(false, false, Optional.empty(), 0, 0, 0, Optional.empty());
    }
}
