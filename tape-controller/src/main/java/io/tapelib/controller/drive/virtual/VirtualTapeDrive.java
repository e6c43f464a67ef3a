package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.drive.DriveStatus;
import io.tapelib.controller.drive.MediumAttribute;
import io.tapelib.controller.drive.PartitionCapacity;
import io.tapelib.controller.drive.TapeAlerts;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.TapePosition;
import io.tapelib.controller.library.CartridgeStore;
import io.tapelib.controller.library.LibraryElements;
import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.library.TimingModel.LongitudinalPosition;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An LTO-5 drive of the virtual library. It threads the cartridge the changer placed in its data
 * transfer element and behaves as SSC-4 describes a drive: append-only partitions (a write in the
 * middle makes a new EOD), BLANK CHECK at EOD, early warning then end of medium, write protection,
 * two-partition format. Positions count logical objects (records and filemarks).
 *
 * <p>Not thread-safe, like the port: one job uses a drive at a time. The element state it shares
 * with the changer is guarded by {@link LibraryElements}.
 *
 * <p>The port adapter only: the threaded cartridge and what a command requires of it are {@link DriveMedium}'s, the
 * head's position and moves {@link TapeHead}'s, records and filemarks read and written {@link RecordTransfer}'s, MAM
 * attributes {@link AttributeCommands}', the simulated power loss {@link PowerFault}'s and the cartridge's objects
 * {@link ThreadedCartridge}'s.
 */
public final class VirtualTapeDrive implements TapeDrive {

    /**
     * Largest block in bytes: 16 MiB - 1, the maximum block length LTO drives report in READ BLOCK LIMITS
     * (the 3-byte MAXIMUM BLOCK LENGTH LIMIT field, SSC-4 7.7).
     */
    public static final int MAX_BLOCK_BYTES = 0xFF_FFFF;

    private final String name;
    private final TimingModel timing;
    private final long earlyWarningBytes;

    private final DriveMedium medium;
    private final TapeHead head;
    private final RecordTransfer records;
    // the simulated power loss of crash-consistency tests, armed from a test's thread
    private final PowerFault power;
    private final AttributeCommands attributes;
    /** This drive's share of the library's timing model: its seconds of motion. */
    private final TimingModel motion;
    private final HeadCleaning cleaning;

    /**
     * @param number            the data transfer element number, from 0
     * @param elements          the library's element state (shared with the changer)
     * @param store             the cartridges' directories
     * @param timing            charges the drive's time
     * @param earlyWarningBytes how far before the end of a partition early warning starts, in bytes
     */
    public VirtualTapeDrive(int number, LibraryElements elements, CartridgeStore store, TimingModel timing,
                            long earlyWarningBytes) {
        this(number, elements, store, timing, earlyWarningBytes, HeadCleaning::none);
    }

    /**
     * A drive whose heads wear: it asks for cleaning after {@code cleaning.interval()} of motion, kept across restarts
     * in {@code <libraryDirectory>/drive-<number>.wear}.
     *
     * @param libraryDirectory the virtual library's directory
     * @param cleaningMedia    the library's cleaning cartridges and their uses
     */
    public VirtualTapeDrive(int number, LibraryElements elements, CartridgeStore store, TimingModel timing,
                            long earlyWarningBytes, Path libraryDirectory, CleaningSettings cleaning,
                            CleaningMedia cleaningMedia) {
        this(number, elements, store, timing, earlyWarningBytes,
                motion -> HeadCleaning.wearing(libraryDirectory, number, cleaning, cleaningMedia, motion));
    }

    private VirtualTapeDrive(int number, LibraryElements elements, CartridgeStore store, TimingModel timing,
                             long earlyWarningBytes, Function<TimingModel, HeadCleaning> cleaning) {
        this.name = "virtual:drive" + number;
        this.motion = timing.forDrive();
        this.timing = motion;
        this.earlyWarningBytes = earlyWarningBytes;
        this.power = new PowerFault(name);
        this.attributes = new AttributeCommands(name);
        this.head = new TapeHead(name, motion);
        this.medium = new DriveMedium(number, name, Objects.requireNonNull(elements), Objects.requireNonNull(store),
                power, head);
        this.records = new RecordTransfer(name, head, motion, power, earlyWarningBytes);
        this.cleaning = cleaning.apply(motion);
    }

    @Override
    public String name() {
        return name;
    }

    /** {@inheritDoc} A cartridge in the drive but not threaded reports {@code loaded=false} with its volume tag (read from MAM). */
    @Override
    public DriveStatus status() {
        ThreadedCartridge threaded = medium.current().orElse(null);
        if (threaded == null) {
            Optional<String> present = medium.inElement();
            return present.isEmpty() ? DriveStatus.empty()
                    : new DriveStatus(false, false, Optional.empty(), 0, 0, CartridgeStore.LTO5_DENSITY_CODE, present);
        }
        int p = head.partition();
        long b = head.block();
        TapePosition at = new TapePosition(p, b, b == threaded.objects(p).endOfData());
        return new DriveStatus(true, threaded.metadata().writeProtected(), Optional.of(at), threaded.partitionCount(),
                0, CartridgeStore.LTO5_DENSITY_CODE, Optional.of(threaded.metadata().volumeTag()));
    }

    /**
     * {@inheritDoc} Loading a drive whose cartridge is already threaded only rewinds to partition 0, block 0.
     *
     * @throws io.tapelib.controller.device.CleaningCartridgeException the changer placed a cleaning cartridge
     * @throws DeviceException the cartridge's directory cannot be read (MEDIUM ERROR)
     */
    @Override
    public void load() {
        medium.requirePower();
        Optional<ThreadedCartridge> threaded = medium.current();
        if (threaded.isPresent()) {
            head.moveTo(threaded.get(), 0, 0);
            return;
        }
        medium.thread();
        timing.load();
        head.reset();
    }

    /**
     * {@inheritDoc} Flushes buffered records to stable storage and records the partitions' capacity in
     * MAM first. Unloading a drive whose cartridge is not threaded does nothing.
     *
     * @throws MediumNotPresentException the drive holds no cartridge
     * @throws DeviceException           the buffered data could not be flushed; the cartridge stays threaded
     */
    @Override
    public void unload() {
        medium.requirePower();
        ThreadedCartridge threaded = medium.current().orElse(null);
        if (threaded == null) {
            if (medium.inElement().isEmpty()) {
                throw medium.notPresent();
            }
            return;
        }
        try {
            if (!threaded.metadata().writeProtected()) {
                threaded.writeCapacityAttributes();
            }
            threaded.flush();
        } catch (IOException e) {
            throw new DeviceException(name, "MEDIUM ERROR, cannot flush " + threaded.metadata().volumeTag()
                    + " before unloading: " + e.getMessage(), e);
        }
        timing.locate(head.here(threaded), LongitudinalPosition.BEGINNING_OF_TAPE);
        timing.unload();
        medium.unthread();
        head.reset();
        cleaning.save();
    }

    /**
     * {@inheritDoc} Charges loading, a cleaning cycle ({@link TimingModel#CLEANING_SECONDS}) when the cartridge has
     * cleanings left, and unloading; counts the use on the cartridge.
     */
    @Override
    public void clean() {
        medium.requirePower();
        Optional<String> present = medium.inElement();
        if (medium.current().isPresent() || present.isEmpty() || !Element.isCleaningTag(present.get())) {
            throw new DeviceException(name, "ILLEGAL REQUEST: no cleaning cartridge in the drive ("
                    + present.orElse("empty") + ")");
        }
        cleaning.clean(present.get());
    }

    /** {@inheritDoc} Flag 21 once the drive's motion since its last cleaning passed the cleaning interval. */
    @Override
    public TapeAlerts tapeAlerts() {
        medium.requirePower();
        return cleaning.alerts();
    }

    @Override
    public void rewind() {
        head.moveTo(medium.threaded(), head.partition(), 0);
    }

    /**
     * {@inheritDoc}
     *
     * @throws EndOfDataException the block lies beyond EOD; the position is then EOD
     * @throws DeviceException    the partition does not exist on this cartridge (ILLEGAL REQUEST)
     * @throws IllegalArgumentException the block number is negative
     */
    @Override
    public void locate(int partition, long block) {
        ThreadedCartridge threaded = medium.threaded();
        medium.requirePartition(threaded, partition);
        head.locate(threaded, partition, block);
    }

    @Override
    public TapePosition position() {
        return head.position(medium.threaded());
    }

    @Override
    public int readBlock(byte[] buffer) {
        return records.read(medium.threaded(), buffer);
    }

    /**
     * {@inheritDoc}
     *
     * @throws EndOfMediumException     the record does not fit in the rest of the partition (VOLUME OVERFLOW)
     * @throws DeviceException          the length exceeds {@link #MAX_BLOCK_BYTES} (ILLEGAL REQUEST), or the
     *                                  cartridge's directory could not be written (MEDIUM ERROR)
     * @throws IllegalArgumentException offset and length do not lie within {@code data}
     */
    @Override
    public boolean writeBlock(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return records.write(medium.writable(), data, offset, length);
    }

    /**
     * {@inheritDoc} Flushes every buffered record to stable storage, as a synchronous WRITE FILEMARKS does.
     *
     * @throws DeviceException the cartridge's directory could not be written or flushed (MEDIUM ERROR)
     * @throws IllegalArgumentException the count is negative
     */
    @Override
    public void writeFilemarks(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("filemark count must not be negative, got " + count);
        }
        // the st driver refuses MTWEOF on a write-protected cartridge whatever the count, 0 included (EACCES;
        // linux drivers/scsi/st.c st_int_ioctl, case MTWEOF)
        records.writeFilemarks(medium.writable(), count);
    }

    @Override
    public void spaceToEndOfData() {
        head.spaceToEndOfData(medium.threaded());
    }

    /**
     * {@inheritDoc}
     *
     * @throws DeviceException spacing backward reached the beginning of the partition before {@code count}
     *                         filemarks (BEGINNING-OF-PARTITION/MEDIUM DETECTED); the position is then block 0
     */
    @Override
    public void spaceFilemarks(int count) {
        head.spaceFilemarks(medium.threaded(), count);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException the size is not between 1 byte and the cartridge's capacity less 1 byte
     * @throws DeviceException          the cartridge's directory could not be written (MEDIUM ERROR)
     */
    @Override
    public void formatPartitions(long indexPartitionBytes) {
        ThreadedCartridge cartridge = medium.writable();
        long capacity = cartridge.metadata().capacityBytes();
        if (indexPartitionBytes < 1 || indexPartitionBytes >= capacity) {
            throw new IllegalArgumentException("index partition must be 1 to " + (capacity - 1) + " bytes, got "
                    + indexPartitionBytes);
        }
        timing.locate(head.here(cartridge), LongitudinalPosition.BEGINNING_OF_TAPE);
        try {
            cartridge.formatTwoPartitions(indexPartitionBytes);
        } catch (IOException e) {
            throw records.writeError(cartridge, e);
        }
        head.reset();
    }

    /**
     * {@inheritDoc}
     *
     * @throws DeviceException the partition does not exist on this cartridge (ILLEGAL REQUEST)
     */
    @Override
    public PartitionCapacity capacity(int partition) {
        ThreadedCartridge cartridge = medium.threaded();
        medium.requirePartition(cartridge, partition);
        long total = cartridge.partitionBytes(partition);
        return new PartitionCapacity(total, Math.max(0, total - cartridge.objects(partition).usedBytes()),
                earlyWarningBytes);
    }

    /**
     * {@inheritDoc} The VOLUME CHANGE REFERENCE (0009h) is the drive's own count of write passes; other attributes
     * are read from the cartridge's {@code attr_<partition>_<id hex>} file.
     *
     * @throws DeviceException the partition does not exist (ILLEGAL REQUEST), or the attribute file cannot be read
     *                         (MEDIUM ERROR)
     */
    @Override
    public Optional<MediumAttribute> readAttribute(int partition, int id) {
        ThreadedCartridge cartridge = medium.threaded();
        medium.requirePartition(cartridge, partition);
        return attributes.read(cartridge.memory(), partition, id);
    }

    /**
     * {@inheritDoc}
     *
     * @throws WriteProtectedException the cartridge is write protected (DATA PROTECT, 27/00)
     * @throws DeviceException a device type attribute, read-only to the host (ILLEGAL REQUEST, 26/00 INVALID FIELD IN
     *                         PARAMETER LIST), a partition that does not exist, or the attribute file cannot be
     *                         written (MEDIUM ERROR)
     */
    @Override
    public void writeAttribute(int partition, MediumAttribute attribute) {
        ThreadedCartridge cartridge = medium.writable();
        medium.requirePartition(cartridge, partition);
        attributes.write(cartridge.memory(), partition, attribute);
    }

    /**
     * Forces buffered records to stable storage without unloading, as a drive does when the library
     * shuts down cleanly. Does nothing when no cartridge is threaded or the drive lost power.
     *
     * @throws DeviceException the data could not be flushed
     */
    public void flush() {
        ThreadedCartridge cartridge = medium.current().orElse(null);
        if (cartridge == null || power.lost()) {
            // a drive without power flushes nothing: the cartridge stays as the writes left it
            return;
        }
        try {
            cartridge.flush();
        } catch (IOException e) {
            throw records.writeError(cartridge, e);
        }
    }

    /**
     * Arms a simulated power loss: the drive writes {@code objects} more logical objects (records or filemarks) and
     * then loses power as it is asked to write the next one. From then on every command but {@link #status()} fails
     * with a {@link DeviceException} until {@link #restorePower()}. The cartridge's directory stays exactly as the
     * objects written so far left it (records not yet flushed included, as the file system holds them), which is what
     * crash-consistency tests of the LTFS layer need: a stop during file data, between data and index, in an index
     * construct, or in the index partition's copy.
     *
     * @param objects logical objects still written before the power loss, 0 for none
     * @throws IllegalArgumentException {@code objects} is negative
     */
    public void losePowerAfter(long objects) {
        power.arm(objects);
    }

    /**
     * Power comes back after {@link #losePowerAfter}: a threaded cartridge is threaded again from its directory (as a
     * drive does at power-on, reading up to EOD), the position is partition 0, block 0, and nothing is armed any more.
     * Does nothing when the power was not lost but disarms a pending loss.
     *
     * @throws DeviceException the cartridge's directory cannot be read (MEDIUM ERROR)
     */
    public void restorePower() {
        if (!power.restore() || medium.current().isEmpty()) {
            return;
        }
        medium.rethread();
        head.reset();
    }
}
