package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.drive.TapeDrive;

/**
 * The label construct at the start of each partition: VOL1 label, filemark, LTFS label, filemark, in logical blocks
 * 0 to 3 (LTFS Format Specification 2.4, sections 5.2.1 Label Construct and 8.1).
 */
final class LabelConstruct {

    /** Logical block of the filemark that ends the label construct. */
    static final long LAST_FILEMARK = 3;
    /** Largest first block read when looking for a VOL1 label, in bytes (LTO's maximum block size is 8 MiB). */
    static final int FIRST_BLOCK_BUFFER = 8 * 1024 * 1024;

    private LabelConstruct() {
    }

    static void write(TapeDrive drive, Vol1Label vol1, LtfsLabel label) {
        drive.locate(label.partition(), 0);
        byte[] vol1Bytes = vol1.toBytes();
        drive.writeBlock(vol1Bytes, 0, vol1Bytes.length);
        drive.writeFilemarks(1);
        byte[] xml = LtfsLabelXml.write(label);
        drive.writeBlock(xml, 0, xml.length);
        drive.writeFilemarks(1);
    }

    /**
     * Reads the label construct of a partition.
     *
     * @param volume the volume tag, for messages
     * @throws NotLtfsVolumeException  no VOL1 label naming LTFS, or no LTFS label after it
     * @throws MalformedIndexException the LTFS label XML is invalid
     */
    static LtfsLabel read(TapeDrive drive, int partition, String volume) {
        String source = volume + " partition " + IndexLocation.partitionId(partition);
        drive.locate(partition, 0);
        byte[] buffer = new byte[FIRST_BLOCK_BUFFER];
        int length;
        try {
            length = drive.readBlock(buffer);
        } catch (EndOfDataException e) {
            throw new NotLtfsVolumeException(source, "partition is empty (EOD at block 0)");
        }
        if (Vol1Label.parse(buffer, length).isEmpty()) {
            throw new NotLtfsVolumeException(source, "block 0 (" + length + " bytes) is not a VOL1 label of implementation LTFS");
        }
        if (readOrEnd(drive, buffer) != 0) {
            throw new NotLtfsVolumeException(source, "no filemark after the VOL1 label");
        }
        int labelLength = readOrEnd(drive, buffer);
        if (labelLength <= 0) {
            throw new NotLtfsVolumeException(source, "no LTFS label record at block 2");
        }
        LtfsLabel label = LtfsLabelXml.parse(buffer, labelLength, source + " block 2");
        if (label.partition() != partition) {
            throw new MalformedIndexException(source + " block 2", "label says it is on partition "
                    + IndexLocation.partitionId(label.partition()));
        }
        if (label.indexPartition() != 0 || label.dataPartition() != 1) {
            throw new UnsupportedLtfsVersionException(source, label.version() + " with index partition "
                    + IndexLocation.partitionId(label.indexPartition()) + " and data partition "
                    + IndexLocation.partitionId(label.dataPartition()) + " (only a and b are supported)");
        }
        return label;
    }

    /** Reads a block; 0 for a filemark, -1 at EOD. */
    private static int readOrEnd(TapeDrive drive, byte[] buffer) {
        try {
            return drive.readBlock(buffer);
        } catch (EndOfDataException e) {
            return -1;
        }
    }
}
