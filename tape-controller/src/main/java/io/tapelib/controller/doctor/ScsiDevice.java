package io.tapelib.controller.doctor;

import java.util.Optional;

/**
 * A SCSI device as sysfs shows it.
 *
 * @param name       the kernel's name of the node: {@code st0} for a tape drive, {@code sg5} for a generic node
 * @param generic    the SCSI generic node of the same device ({@code sg4}), when the sg driver bound it
 * @param hctl       host:channel:target:lun, e.g. {@code 1:0:8:0}
 * @param type       the SCSI peripheral device type (SPC-4 table 50: 1 sequential-access, 8 medium changer), -1 unknown
 * @param vendor     INQUIRY vendor identification, padding removed
 * @param model      INQUIRY product identification, padding removed
 */
public record ScsiDevice(String name, Optional<String> generic, String hctl, int type, String vendor, String model) {

    /** SPC-4 peripheral device type of a medium changer. */
    public static final int MEDIUM_CHANGER = 8;
    /** SPC-4 peripheral device type of a tape drive (sequential-access device). */
    public static final int SEQUENTIAL_ACCESS = 1;
}
