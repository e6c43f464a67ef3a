package io.tapelib.controller.drive;

/**
 * Port to one tape drive (SCSI Stream Commands, SSC-4) holding at most one cartridge.
 * Implementations: {@code drive.st} (Linux st driver on the non-rewinding node) and {@code drive.virtual}.
 * Not thread-safe: a drive is used by one job at a time (one executor per drive).
 *
 * <p>Positions are logical object numbers within a partition: every logical block and every filemark
 * counts as one object, as READ POSITION reports them. Partition 0 is the first (LTFS index partition),
 * partition 1 the second (LTFS data partition).
 *
 * <p>Errors: {@link io.tapelib.controller.device.MediumNotPresentException} from any medium operation
 * with no cartridge loaded; {@link io.tapelib.controller.device.DeviceException} with the device's words
 * for anything else the device reports.
 */
public interface TapeDrive {

    /** The drive's name as an operator knows it ({@code /dev/nst0}, {@code virtual:drive0}). */
    String name();

    /** Current status; never throws for an empty drive. */
    DriveStatus status();

    /**
     * Threads a cartridge that the changer placed in the drive and waits until it is ready;
     * the position is then partition 0, block 0.
     *
     * @throws io.tapelib.controller.device.MediumNotPresentException no cartridge in the drive
     * @throws io.tapelib.controller.device.CleaningCartridgeException the cartridge is a cleaning cartridge
     *         (volume tag {@code CLN...}): the changer moves it like any other, the drive refuses it for data
     */
    void load();

    /** Rewinds and unthreads the cartridge so that the changer can take it (SSC LOAD UNLOAD, load=0). */
    void unload();

    /** Moves to the beginning of the current partition. */
    void rewind();

    /**
     * Moves to a logical object of a partition (SSC LOCATE(16)). Locating beyond EOD leaves the
     * position at EOD and throws {@link io.tapelib.controller.device.EndOfDataException}.
     *
     * @param partition partition number, 0 or 1
     * @param block     logical object number within the partition, from 0
     */
    void locate(int partition, long block);

    /** The current position (SSC READ POSITION). */
    TapePosition position();

    /**
     * Reads the next logical block.
     *
     * @param buffer receives the block; must be at least as large as the block
     * @return the number of bytes in the block; 0 when a filemark was read (the position is then
     *         after the filemark, as the st driver does)
     * @throws io.tapelib.controller.device.EndOfDataException the position is at EOD
     * @throws io.tapelib.controller.device.DeviceException    the block is larger than the buffer
     *         (ILLEGAL LENGTH); the position is then after that block
     */
    int readBlock(byte[] buffer);

    /**
     * Writes one logical block at the current position. Everything after the position in this
     * partition is discarded first (tape is append-only: a write in the middle makes a new EOD).
     *
     * @param data   the block's bytes
     * @param offset start in {@code data}
     * @param length block length in bytes, 1 to the drive's maximum block size
     * @return true when the write succeeded past early warning: the partition is nearly full and
     *         the caller should finish what it writes (programmable early warning, SSC-4 4.2.3)
     * @throws io.tapelib.controller.device.EndOfMediumException    no room for the block
     * @throws io.tapelib.controller.device.WriteProtectedException the cartridge is write protected
     */
    boolean writeBlock(byte[] data, int offset, int length);

    /**
     * Writes filemarks at the current position (discarding what follows, like a write).
     *
     * @param count number of filemarks, 0 flushes only
     * @throws io.tapelib.controller.device.EndOfMediumException    no room
     * @throws io.tapelib.controller.device.WriteProtectedException the cartridge is write protected
     */
    void writeFilemarks(int count);

    /** Moves to end of data of the current partition (SSC SPACE, code EOD; mt {@code eod}). */
    void spaceToEndOfData();

    /**
     * Spaces over filemarks (SSC SPACE, code filemarks): positive forward, negative backward. The
     * position ends after (forward) or before (backward) the last filemark passed.
     *
     * @throws io.tapelib.controller.device.EndOfDataException EOD reached before {@code count} filemarks
     */
    void spaceFilemarks(int count);

    /**
     * Splits the cartridge into two partitions (SSC FORMAT MEDIUM with a MODE SELECT of the medium
     * partition page), destroying all data; the position is then partition 0, block 0.
     *
     * @param indexPartitionBytes size of partition 0 in bytes; partition 1 gets the rest
     * @throws io.tapelib.controller.device.WriteProtectedException the cartridge is write protected
     */
    void formatPartitions(long indexPartitionBytes);

    /**
     * Capacity figures of a partition, from the cartridge (MAM remaining capacity, or the log page
     * the drive reports).
     */
    PartitionCapacity capacity(int partition);

    /**
     * Reads one attribute of a partition's cartridge memory (SPC-4 READ ATTRIBUTE, service action ATTRIBUTE VALUES).
     * Device type attributes such as the VOLUME CHANGE REFERENCE (0009h) are maintained by the drive; host type
     * attributes (0800h and up) hold what an application wrote.
     *
     * @param partition partition number, 0 or 1
     * @param id        attribute identifier
     * @return the attribute; empty when the medium holds no such attribute
     * @throws io.tapelib.controller.device.AttributeNotSupportedException the drive or this adapter does not read
     *         attributes
     * @throws io.tapelib.controller.device.MediumNotPresentException      no cartridge is loaded
     */
    java.util.Optional<MediumAttribute> readAttribute(int partition, int id);

    /**
     * Writes one host type attribute to a partition's cartridge memory (SPC-4 WRITE ATTRIBUTE). Writing an attribute
     * does not write the medium: the VOLUME CHANGE REFERENCE stays as it is.
     *
     * @param partition partition number, 0 or 1
     * @throws io.tapelib.controller.device.AttributeNotSupportedException the drive or this adapter does not write
     *         attributes
     * @throws io.tapelib.controller.device.WriteProtectedException        the cartridge is write protected
     * @throws io.tapelib.controller.device.DeviceException                the attribute is read-only (a device type
     *         attribute) or the drive refused it
     */
    void writeAttribute(int partition, MediumAttribute attribute);

    /**
     * Waits for the cleaning cycle of the cleaning cartridge the changer has just moved into this drive: an LTO drive
     * runs it by itself when a cleaning cartridge is inserted (no command starts it), then ejects the cartridge. A
     * worn-out cartridge is ejected without cleaning and the drive sets TapeAlert flag 22 ({@link #tapeAlerts()}).
     * Returns once the cartridge is ejected; the changer then takes it back.
     *
     * @throws io.tapelib.controller.device.DeviceException the cartridge was not ejected within the drive's online
     *         timeout, or the drive holds no cleaning cartridge
     */
    void clean();

    /**
     * The TapeAlert flags the drive has set now (TapeAlert log page 2Eh, SSC-4 Annex A). Cleaning
     * flags (20, 21) stay set until the drive was cleaned; flag 22 until the next cleaning attempt.
     *
     * @throws io.tapelib.controller.device.DeviceException the drive did not answer (its own words are quoted)
     */
    TapeAlerts tapeAlerts();
}
