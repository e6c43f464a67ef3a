package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.device.command.CommandRunner;
import io.tapelib.controller.device.command.ProcessCommandRunner;
import io.tapelib.controller.drive.DriveStatus;
import io.tapelib.controller.drive.MediumAttribute;
import io.tapelib.controller.drive.PartitionCapacity;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.TapePosition;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A tape drive behind the Linux SCSI tape driver, on its non-rewinding node ({@code /dev/nst0} for {@code /dev/st0}).
 * Data moves by {@code read(2)}/{@code write(2)} of whole blocks in variable block mode; control by the MTIOCTOP,
 * MTIOCGET and MTIOCPOS ioctls of linux/mtio.h; capacity from the Tape Capacity log page through {@code sg_logs} on
 * the drive's sg node. Driver behaviour relied on is that of Documentation/scsi/st.rst and drivers/scsi/st.c.
 *
 * <p>The device is opened once, with O_RDWR|O_NONBLOCK (st.rst: the open then succeeds with no cartridge or a
 * write-protected one), and held until {@link #close()}: the st driver admits one open at a time, so the drive is the
 * controller's alone. At open the driver options {@code can-partitions} and {@code scsi2logical} are switched on
 * (MTSETDRVBUFFER, root only): without them MTSETPART and MTMKPART are inactive and MTSEEK/MTIOCPOS would use
 * device-specific addresses rather than logical object numbers.
 *
 * <p>Not thread-safe, like the port: one job uses a drive at a time.
 *
 * <p>The port adapter only: the open node and its ioctls are {@link StNodeHandle}'s, the driver options
 * {@link StDriverOptions}', where EOD lies {@link EndOfDataTracker}'s, the wait after a load {@link OnlineWait}'s,
 * the log-page capacity {@link TapeCapacityLookup}'s, loads, unloads and what a cartridge change forgets
 * {@link CartridgeChanges}', the flush before a move {@link PendingWrites}', block reads
 * and their errno mapping {@link BlockReader}'s, block writes and early warning {@link BlockWriter}'s, positioning
 * {@link TapeMotion}'s and MTMKPART {@link Partitioner}'s.
 */
public final class StTapeDrive implements TapeDrive, AutoCloseable {

    /** How long {@link #load()} waits for the drive to report a ready cartridge unless told otherwise: 300 s. */
    public static final Duration DEFAULT_ONLINE_TIMEOUT = Duration.ofSeconds(300);
    /**
     * Largest block read or written, in bytes: 16 MiB - 1, the largest MAXIMUM BLOCK LENGTH LIMIT of READ BLOCK
     * LIMITS (a 3-byte field, SSC-4 7.7) and the largest count of the 6-byte READ/WRITE the st driver issues.
     */
    public static final int MAX_BLOCK_BYTES = 0xFF_FFFF;
    /**
     * How far before the end of a partition HP LTO drives report early warning, in bytes: about 30 MiB (LTFS
     * reference implementation issue #331). The log page does not report it.
     */
    public static final long EARLY_WARNING_BYTES = 30L * 1024 * 1024;

    /** Waits between polls of the drive; {@code Thread::sleep} in production. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String name;
    private final StNodeHandle node;
    private final EndOfDataTracker eod;
    private final CartridgeChanges changes;
    private final TapeCapacityLookup capacities;
    private final PendingWrites pendingWrites;
    private final BlockReader reader;
    private final BlockWriter writer;
    private final TapeMotion motion;
    private final Partitioner partitioner;
    private final SgAttributes attributes;
    private final SgLogs sgLogs;

    StTapeDrive(String node, StDeviceCalls calls, StSysfs sysfs, CommandRunner runner, Clock clock, Sleeper sleeper,
                Duration onlineTimeout) {
        this.name = Objects.requireNonNull(node);
        String nodeName = Path.of(node).getFileName().toString();
        this.node = new StNodeHandle(node, calls);
        this.eod = new EndOfDataTracker(this.node);
        this.sgLogs = new SgLogs(runner);
        this.capacities = new TapeCapacityLookup(node, nodeName, sysfs, sgLogs);
        this.attributes = new SgAttributes(node, nodeName, sysfs, runner);
        this.pendingWrites = new PendingWrites(this.node);
        this.reader = new BlockReader(this.node, this.pendingWrites, this.eod);
        this.writer = new BlockWriter(this.node, this.pendingWrites, this.eod);
        this.motion = new TapeMotion(this.node, this.pendingWrites, this.eod);
        this.partitioner = new Partitioner(this.node, this.pendingWrites);
        this.changes = new CartridgeChanges(name, this.node, new StDriverOptions(this.node, sysfs, nodeName),
                new OnlineWait(this.node, clock, sleeper, onlineTimeout), eod, capacities, pendingWrites, reader);
    }

    /**
     * Opens a tape drive of the st driver.
     *
     * @param stDevice      the drive's node as configured, e.g. {@code /dev/st0} (its non-rewinding node
     *                      {@code /dev/nst0} is opened), {@code /dev/nst0}, or a udev link to either
     * @param onlineTimeout how long {@link #load()} waits for the cartridge to become ready
     *                      ({@link #DEFAULT_ONLINE_TIMEOUT} is a sensible value)
     * @throws DeviceException           the path is not a character device of the st driver (major 9), cannot be
     *                                   opened, or the driver options cannot be set; the message names the path
     * @throws io.tapelib.controller.device.DeviceBusyException another process holds the drive open
     */
    public static StTapeDrive open(String stDevice, Duration onlineTimeout) {
        Path node = StDeviceNode.resolve(stDevice);
        return open(node.toString(), new NativeStDeviceCalls(), StSysfs.system(), new ProcessCommandRunner(),
                Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()), onlineTimeout);
    }

    /** Opens {@code node} (already checked) through the given system calls, utilities and time. */
    static StTapeDrive open(String node, StDeviceCalls calls, StSysfs sysfs, CommandRunner runner, Clock clock,
                            Sleeper sleeper, Duration onlineTimeout) {
        StTapeDrive drive = new StTapeDrive(node, calls, sysfs, runner, clock, sleeper, onlineTimeout);
        drive.changes.attach();
        return drive;
    }

    /**
     * The non-rewinding node of a tape node: {@code /dev/st0} → {@code /dev/nst0}, {@code /dev/st1l} →
     * {@code /dev/nst1l}; an {@code nst} node or any other path is returned unchanged (st.rst, "Sysfs Support").
     */
    public static String nonRewindingNode(String stDevice) {
        return StDeviceNode.nonRewindingNode(stDevice);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * {@inheritDoc} From MTIOCGET (flags, partition, block size, density code) and MTIOCPOS (logical object number).
     * Never moves the tape: {@code atEndOfData} is what is known of EOD or the driver's GMT_EOD. The number of
     * partitions is read once per cartridge from the Tape Capacity log page. The volume tag is not read (st has no
     * access to MAM); the changer reports it.
     *
     * @throws DeviceException the driver or sg_logs failed
     */
    @Override
    public DriveStatus status() {
        MtStatus status = node.mtget();
        if (!status.online()) {
            if (status.doorOpen()) {
                return DriveStatus.empty();
            }
            return new DriveStatus(false, status.writeProtected(), Optional.empty(), 0, status.blockSize(),
                    status.densityCode(), Optional.empty());
        }
        int partition = status.partition();
        long block = node.mtpos();
        boolean atEndOfData = eod.isEndOfData(partition, block, status.endOfData());
        return new DriveStatus(true, status.writeProtected() || node.openedReadOnly(),
                Optional.of(new TapePosition(partition, block, atEndOfData)), capacities.partitionCount(),
                status.blockSize(), status.densityCode(), Optional.empty());
    }

    /**
     * {@inheritDoc} Issues MTLOAD, then polls MTIOCGET (reopening the node between polls, since only an open or a
     * load makes the driver test the drive again) every second until GMT_ONLINE, and sets variable block mode
     * (MTSETBLK 0), which st forgets when the cartridge changes.
     *
     * @throws MediumNotPresentException no cartridge in the drive
     * @throws DeviceException           not ready within the online timeout, or the load failed
     */
    @Override
    public void load() {
        changes.load();
    }

    /**
     * {@inheritDoc} MTUNLOAD (SCSI LOAD UNLOAD with load=0), after flushing written blocks without adding a filemark.
     *
     * @throws MediumNotPresentException no cartridge in the drive
     */
    @Override
    public void unload() {
        changes.unload();
    }

    /** {@inheritDoc} MTREW in partition 0; MTSETPART and MTSEEK 0 in another partition. */
    @Override
    public void rewind() {
        motion.rewind();
    }

    /**
     * {@inheritDoc} MTSETPART then MTSEEK (SCSI LOCATE with the partition when it changes; st.rst "MTSETPART").
     * Locating beyond EOD fails in the drive (EIO); the adapter then checks with MTEOM and MTIOCPOS whether the tape
     * stopped at EOD.
     *
     * @throws EndOfDataException       the block lies beyond EOD; the position is then EOD
     * @throws DeviceException          the partition does not exist on this cartridge (MTSETPART: EINVAL), or the
     *                                  locate failed otherwise
     * @throws IllegalArgumentException a negative partition or block, or a block beyond 2^31 - 1 (MTSEEK's count)
     */
    @Override
    public void locate(int partition, long block) {
        motion.locate(partition, block);
    }

    /**
     * {@inheritDoc} MTIOCGET for the partition, MTIOCPOS for the logical object number (READ POSITION). When where
     * EOD lies is not known yet, finds out once: MTEOM, MTIOCPOS, and back with MTSEEK (the tape moves).
     */
    @Override
    public TapePosition position() {
        return eod.position(node.requireOnline("position"));
    }

    /**
     * {@inheritDoc} One {@code read(2)} of up to {@link #MAX_BLOCK_BYTES}. st returns 0 bytes for a filemark and
     * also for the first read of blank tape after a filemark; GMT_EOD of MTIOCGET tells the two apart. A read at EOD
     * not after a filemark fails with EIO, and MTEOM/MTIOCPOS tell whether the tape is at EOD.
     *
     * @throws DeviceException the block is larger than the buffer: "ILLEGAL LENGTH" (st: ENOMEM; the position is
     *                         after the block), or the driver refused the length (EINVAL), or a read error
     */
    @Override
    public int readBlock(byte[] buffer) {
        return reader.readBlock(buffer);
    }

    /**
     * {@inheritDoc} One {@code write(2)} of {@code length} bytes, then MTIOCGET for GMT_EOT. At early warning st
     * completes the write, refuses the next one with ENOSPC without writing, and lets the one after proceed
     * (st.rst, "EOM Behaviour When Writing"); so an ENOSPC is answered by writing once more, and a second ENOSPC is
     * the end of the partition.
     *
     * @throws io.tapelib.controller.device.EndOfMediumException ENOSPC twice, or EIO at end of medium; nothing of
     *                                  the block was written
     * @throws WriteProtectedException  EACCES/EROFS: the cartridge is write protected
     * @throws DeviceException          a length outside 1 to {@link #MAX_BLOCK_BYTES}, or another write error
     * @throws IndexOutOfBoundsException offset and length do not lie within {@code data}
     */
    @Override
    public boolean writeBlock(byte[] data, int offset, int length) {
        return writer.write(data, offset, length);
    }

    /**
     * {@inheritDoc} MTWEOF {@code count} (SCSI WRITE FILEMARKS, synchronous: buffered blocks reach the medium).
     *
     * @throws IllegalArgumentException a negative count
     */
    @Override
    public void writeFilemarks(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("filemark count must not be negative, got " + count);
        }
        int result = node.mtop(Mtio.MTWEOF, count);
        if (result < 0) {
            throw node.writeFailure("MTWEOF " + count, -result);
        }
        pendingWrites.ended();
        if (count > 0) {
            eod.positionIsEndOfData();
        }
    }

    /** {@inheritDoc} MTEOM. */
    @Override
    public void spaceToEndOfData() {
        motion.spaceToEndOfData();
    }

    /**
     * {@inheritDoc} MTFSF {@code count} forward, MTBSF {@code -count} backward.
     *
     * @throws EndOfDataException forward spacing reached EOD (the driver's GMT_EOD after the failed MTFSF)
     * @throws DeviceException    backward spacing reached the beginning of the partition, or another error
     */
    @Override
    public void spaceFilemarks(int count) {
        motion.spaceFilemarks(count);
    }

    /**
     * {@inheritDoc} MTMKPART with a negative count: partition 0 of {@code ceil(bytes / 10^6)} megabytes, the
     * physically first partition of LTO-5 and later (st.rst "MTMKPART"; needs kernel 4.6 or later). Then variable
     * block mode again.
     *
     * @throws WriteProtectedException  GMT_WR_PROT: the cartridge is write protected; nothing was changed
     * @throws IllegalArgumentException the size is below 1 byte or above 65535 MB (the 16-bit partition size field)
     */
    @Override
    public void formatPartitions(long indexPartitionBytes) {
        partitioner.makePartitions(indexPartitionBytes);
        changes.formatted(2);
    }

    /**
     * {@inheritDoc} From {@code sg_logs --page=0x31} on the drive's sg node (found through sysfs): the main
     * partition is partition 0, the alternate partition 1; MiB figures. Early warning is
     * {@link #EARLY_WARNING_BYTES}.
     *
     * @throws DeviceException the partition does not exist, the drive has no sg node, or sg_logs failed
     */
    @Override
    public PartitionCapacity capacity(int partition) {
        node.requireOnline("capacity");
        pendingWrites.flush();
        return capacities.capacity(partition, EARLY_WARNING_BYTES);
    }

    /**
     * {@inheritDoc} By READ ATTRIBUTE on the drive's sg node ({@link SgAttributes}).
     *
     * @throws io.tapelib.controller.device.AttributeNotSupportedException no sg node, no sg_raw, or a drive without
     *         the command
     */
    @Override
    public Optional<MediumAttribute> readAttribute(int partition, int id) {
        node.requireOnline("READ ATTRIBUTE");
        pendingWrites.flush();
        return attributes.read(partition, id);
    }

    /**
     * {@inheritDoc} By WRITE ATTRIBUTE on the drive's sg node ({@link SgAttributes}).
     *
     * @throws io.tapelib.controller.device.AttributeNotSupportedException no sg node, no sg_raw, or a drive without
     *         the command
     */
    @Override
    public void writeAttribute(int partition, MediumAttribute attribute) {
        node.requireOnline("WRITE ATTRIBUTE");
        pendingWrites.flush();
        attributes.write(partition, attribute);
    }

    /**
     * Closes the node. Written blocks are flushed first without the filemark st would add on close.
     *
     * @throws DeviceException the flush or the close failed
     */
    @Override
    public void close() {
        if (!node.isOpen()) {
            return;
        }
        try {
            pendingWrites.flush();
        } finally {
            node.close();
        }
    }

    /** {@inheritDoc} Polls MTIOCGET until the drive reports its door open (GMT_DR_OPEN), within the online timeout. */
    @Override
    public void clean() {
        changes.awaitCleaningEjected();
    }

    /** {@inheritDoc} Read with {@code sg_logs --page=0x2e} on the drive's SCSI generic node. */
    @Override
    public io.tapelib.controller.drive.TapeAlerts tapeAlerts() {
        return sgLogs.tapeAlerts(capacities.scsiGenericNode());
    }
}
