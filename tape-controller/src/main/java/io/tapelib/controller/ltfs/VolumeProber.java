package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.drive.TapeDrive;

/** Tells what the loaded cartridge holds by reading its labels; behind {@link LtfsVolumes#probe(TapeDrive)}. */
final class VolumeProber {

    private VolumeProber() {
    }

    /**
     * An LTFS volume, a blank cartridge (EOD at block 0), or something else. Leaves the position at partition 0,
     * block 0. Writes nothing.
     *
     * @throws MediumNotPresentException no cartridge is loaded
     */
    static VolumeProbe probe(TapeDrive drive) {
        try {
            drive.locate(0, 0);
            byte[] block = new byte[LabelConstruct.FIRST_BLOCK_BUFFER];
            int length;
            try {
                length = drive.readBlock(block);
            } catch (EndOfDataException e) {
                return new VolumeProbe(VolumeKind.BLANK, "EOD at block 0 of partition 0: blank cartridge");
            }
            if (Vol1Label.parse(block, length).isEmpty()) {
                return new VolumeProbe(VolumeKind.UNSUPPORTED, Vol1Label.looksLikeVol1(block, length)
                        ? "ANSI VOL1 label of an implementation other than LTFS"
                        : (length == 0 ? "filemark at block 0" : "block 0 (" + length + " bytes) is not a VOL1 label"));
            }
            if (drive.status().partitions() < 2) {
                return new VolumeProbe(VolumeKind.UNSUPPORTED, "LTFS VOL1 label on a cartridge with one partition");
            }
            String tag = drive.status().volumeTag().orElse(drive.name());
            LtfsLabel indexLabel = LabelConstruct.read(drive, LtfsVolume.INDEX_PARTITION, tag);
            LtfsLabel dataLabel = LabelConstruct.read(drive, LtfsVolume.DATA_PARTITION, tag);
            if (!indexLabel.volumeUuid().equals(dataLabel.volumeUuid())) {
                return new VolumeProbe(VolumeKind.UNSUPPORTED, "LTFS labels of the two partitions name different volumes");
            }
            return new VolumeProbe(VolumeKind.LTFS, "LTFS " + indexLabel.version() + " volume " + indexLabel.volumeUuid()
                    + ", block size " + indexLabel.blockSize() + " bytes, formatted " + indexLabel.formatTime());
        } catch (MediumNotPresentException e) {
            throw e;
        } catch (LtfsException | DeviceException e) {
            return new VolumeProbe(VolumeKind.UNSUPPORTED, e.getMessage());
        } finally {
            Rewind.quietly(drive);
        }
    }
}
