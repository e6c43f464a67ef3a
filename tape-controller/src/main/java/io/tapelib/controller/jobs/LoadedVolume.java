package io.tapelib.controller.jobs;

import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.LtfsVolumes;
import io.tapelib.controller.ltfs.VolumeProbe;

/**
 * A cartridge loaded and threaded in a drive, as a job's code sees it. Valid only on the drive's own
 * executor thread, for the duration of the job.
 */
public interface LoadedVolume {

    /** The cartridge's volume tag. */
    String volumeTag();

    /** The data transfer element that holds it. */
    int drive();

    /** What the cartridge holds (LTFS Format Specification 2.4, section 5: VOL1 and LTFS labels), probed once per load. */
    VolumeProbe probe();

    /**
     * The mounted LTFS volume, mounted on first use and kept mounted while the cartridge stays in the drive. An
     * inconsistent volume this service wrote is recovered at mount ({@link LtfsVolumes#mount(
     * io.tapelib.controller.drive.TapeDrive, String, java.nio.file.Path, boolean)}); any other stays read-only.
     *
     * @throws UnsupportedVolumeException the cartridge is blank or not a readable LTFS volume
     */
    LtfsVolume mount();

    /**
     * Like {@link #mount()}, but a blank cartridge is first formatted as an LTFS volume (recorded as a FORMAT job)
     * with the configured block size.
     *
     * @throws UnsupportedVolumeException the cartridge holds something that is not LTFS; it is never overwritten
     */
    LtfsVolume mountOrFormat();

    /** Unmounts the volume if mounted: the final index is written to both partitions. */
    void unmount();

    /** The volume's figures as of now. */
    VolumeSummary summary();
}
