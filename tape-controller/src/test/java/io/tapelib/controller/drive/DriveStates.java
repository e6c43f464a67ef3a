package io.tapelib.controller.drive;

/** The drives a {@link TapeDriveContract} runs against: each adapter's test supplies drives in the states named here. */
public interface DriveStates {

    /** A loaded drive (position 0/0) holding a blank, writable, unpartitioned cartridge of full size. */
    TapeDrive loadedBlankDrive();

    /**
     * A loaded drive holding a blank, writable, unpartitioned cartridge of {@code capacityBytes}, whose
     * early warning starts {@code earlyWarningBytes} before the end of a partition.
     */
    TapeDrive loadedBlankDrive(long capacityBytes, long earlyWarningBytes);

    /** A loaded drive holding a blank cartridge whose write-protect tab is set. */
    TapeDrive loadedWriteProtectedDrive();

    /** A drive with no cartridge at all. */
    TapeDrive emptyDrive();
}
