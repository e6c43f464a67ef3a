package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.device.command.CommandRunner;
import io.tapelib.controller.device.command.ProcessCommandRunner;
import io.tapelib.controller.drive.DriveStatus;
import io.tapelib.controller.drive.PartitionCapacity;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.TapePosition;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import jnr.ffi.provider.ParameterFlags;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

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
    /** Reads refused as too large for the driver are retried smaller, down to this many bytes. */
    static final int SMALLEST_READ_LIMIT = 1024 * 1024;
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** MTMKPART takes the partition size in megabytes (10^6 bytes: PSUM 10b of the medium partition page, SSC-4). */
    private static final long MEGABYTE = 1_000_000;
    /** The medium partition mode page holds a partition size in 16 bits. */
    private static final long MAX_PARTITION_MEGABYTES = 0xFFFF;

    /** Waits between polls of the drive; {@code Thread::sleep} in production. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String name;
    private final String nodeName;
    private final StDeviceCalls calls;
    private final MtioRequests requests;
    private final StSysfs sysfs;
    private final SgLogs sgLogs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration onlineTimeout;
    private final EndOfDataMarks marks = new EndOfDataMarks();

    private int fd = -1;
    private boolean openedReadOnly;
    /** Blocks were written and no filemark or flush followed: st would add a filemark before a rewind or seek. */
    private boolean unflushedWrites;
    /** Partitions on the loaded cartridge, 0 until read from the drive. */
    private int partitions;
    private int readLimit = MAX_BLOCK_BYTES;

    StTapeDrive(String node, StDeviceCalls calls, StSysfs sysfs, CommandRunner runner, Clock clock, Sleeper sleeper,
                Duration onlineTimeout) {
        this.name = Objects.requireNonNull(node);
        this.nodeName = Path.of(node).getFileName().toString();
        this.calls = Objects.requireNonNull(calls);
        this.requests = MtioRequests.of(calls.runtime());
        this.sysfs = Objects.requireNonNull(sysfs);
        this.sgLogs = new SgLogs(runner);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.onlineTimeout = Objects.requireNonNull(onlineTimeout);
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
        drive.attach();
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
        MtStatus status = mtget();
        if (!status.online()) {
            if (status.doorOpen()) {
                return DriveStatus.empty();
            }
            return new DriveStatus(false, status.writeProtected(), Optional.empty(), 0, status.blockSize(),
                    status.densityCode(), Optional.empty());
        }
        int partition = status.partition();
        long block = mtpos();
        boolean atEndOfData;
        if (marks.positionedAtEndOfData()) {
            atEndOfData = true;
        } else {
            OptionalLong known = marks.endOfData(partition);
            atEndOfData = known.isPresent() ? block >= known.getAsLong() : status.endOfData();
        }
        return new DriveStatus(true, status.writeProtected() || openedReadOnly,
                Optional.of(new TapePosition(partition, block, atEndOfData)), partitionCount(), status.blockSize(),
                status.densityCode(), Optional.empty());
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
        flushWrites();
        int result = mtop(Mtio.MTLOAD, 1);
        if (result < 0) {
            MtStatus status = mtgetQuietly();
            if (StErrors.is(-result, Errno.ENOMEDIUM) || (status != null && status.doorOpen())) {
                throw new MediumNotPresentException(name, "MTLOAD failed: " + StErrors.describe(-result)
                        + ": NOT READY, MEDIUM NOT PRESENT: no cartridge in the drive");
            }
            throw failure("MTLOAD", -result);
        }
        awaitOnline();
        forgetCartridge();
        variableBlockMode();
    }

    /**
     * {@inheritDoc} MTUNLOAD (SCSI LOAD UNLOAD with load=0), after flushing written blocks without adding a filemark.
     *
     * @throws MediumNotPresentException no cartridge in the drive
     */
    @Override
    public void unload() {
        flushWrites();
        int result = mtop(Mtio.MTUNLOAD, 1);
        forgetCartridge();
        if (result < 0) {
            throw failure("MTUNLOAD", -result);
        }
    }

    /** {@inheritDoc} MTREW in partition 0; MTSETPART and MTSEEK 0 in another partition. */
    @Override
    public void rewind() {
        beforeMove();
        int partition = requireOnline("rewind").partition();
        if (partition == 0) {
            check(mtop(Mtio.MTREW, 1), "MTREW");
        } else {
            check(mtop(Mtio.MTSETPART, partition), "MTSETPART " + partition);
            check(mtop(Mtio.MTSEEK, 0), "MTSEEK 0");
        }
        arrivedAt(partition, 0);
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
        if (partition < 0 || block < 0 || block > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot locate to block " + block + " of partition " + partition);
        }
        beforeMove();
        int result = mtop(Mtio.MTSETPART, partition);
        if (result < 0) {
            if (StErrors.is(-result, Errno.EINVAL)) {
                throw new DeviceException(name, "MTSETPART " + partition + " failed: " + StErrors.describe(-result)
                        + ": partition " + partition + " does not exist on this cartridge");
            }
            throw failure("MTSETPART " + partition, -result);
        }
        result = mtop(Mtio.MTSEEK, (int) block);
        if (result < 0) {
            if (StErrors.is(-result, Errno.EIO) && mtget().online() && probeEndOfData()) {
                long eod = marks.endOfData(partition).orElse(-1);
                throw new EndOfDataException(name, "MTSEEK " + block + " failed: " + StErrors.describe(-result)
                        + ": BLANK CHECK, END-OF-DATA DETECTED: locate to block " + block + " of partition "
                        + partition + " stopped at EOD, block " + eod);
            }
            throw failure("MTSEEK " + block, -result);
        }
        arrivedAt(partition, block);
    }

    /**
     * {@inheritDoc} MTIOCGET for the partition, MTIOCPOS for the logical object number (READ POSITION). When where
     * EOD lies is not known yet, finds out once: MTEOM, MTIOCPOS, and back with MTSEEK (the tape moves).
     */
    @Override
    public TapePosition position() {
        MtStatus status = requireOnline("position");
        int partition = status.partition();
        long block = mtpos();
        if (marks.positionedAtEndOfData()) {
            marks.endOfDataAt(partition, block);
            return new TapePosition(partition, block, true);
        }
        OptionalLong known = marks.endOfData(partition);
        if (known.isPresent()) {
            return new TapePosition(partition, block, block >= known.getAsLong());
        }
        if (status.endOfData()) {
            marks.endOfDataAt(partition, block);
            return new TapePosition(partition, block, true);
        }
        return new TapePosition(partition, block, probeEndOfData());
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
        if (buffer.length == 0) {
            throw new IllegalArgumentException("cannot read a block into an empty buffer");
        }
        if (marks.positionedAtEndOfData()) {
            MtStatus status = requireOnline("read");
            long block = mtpos();
            marks.endOfDataAt(status.partition(), block);
            throw endOfData("read", status.partition(), block);
        }
        int length = Math.min(buffer.length, readLimit);
        int result = calls.read(fd, buffer, length);
        while (result < 0 && (StErrors.is(-result, Errno.EINVAL) || StErrors.is(-result, Errno.EOVERFLOW))
                && length > SMALLEST_READ_LIMIT) {
            // refused before the tape moved: larger than the drive's block limit or the driver's buffer
            length = Math.max(SMALLEST_READ_LIMIT, Integer.highestOneBit(length - 1));
            readLimit = length;
            result = calls.read(fd, buffer, length);
        }
        unflushedWrites = false;
        if (result > 0) {
            marks.moved();
            return result;
        }
        if (result == 0) {
            MtStatus status = mtget();
            if (status.endOfData()) {
                long block = mtpos();
                marks.endOfDataAt(status.partition(), block);
                throw endOfData("read", status.partition(), block);
            }
            marks.moved();
            return 0;
        }
        int errno = -result;
        if (StErrors.is(errno, Errno.ENOMEM)) {
            marks.moved();
            throw new DeviceException(name, "ILLEGAL LENGTH: the block is larger than the buffer of " + length
                    + " bytes (read failed: " + StErrors.describe(errno) + "); the position is after the block");
        }
        if (StErrors.is(errno, Errno.EINVAL)) {
            throw new DeviceException(name, "ILLEGAL LENGTH: read of " + length + " bytes refused: "
                    + StErrors.describe(errno) + ": outside the drive's block length limits");
        }
        if (StErrors.is(errno, Errno.EIO)) {
            MtStatus status = requireOnline("read");
            if (probeEndOfData()) {
                throw endOfData("read", status.partition(), marks.endOfData(status.partition()).orElse(-1));
            }
        }
        throw failure("read of " + length + " bytes", errno);
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
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length < 1 || length > MAX_BLOCK_BYTES) {
            throw new DeviceException(name, "ILLEGAL REQUEST: block length " + length + " (1.." + MAX_BLOCK_BYTES
                    + " bytes)");
        }
        String operation = "write of " + length + " bytes";
        int result = calls.write(fd, data, offset, length);
        boolean signalledEarlyWarning = false;
        if (StErrors.is(-result, Errno.ENOSPC)) {
            signalledEarlyWarning = true;
            result = calls.write(fd, data, offset, length);
            if (StErrors.is(-result, Errno.ENOSPC)) {
                throw StErrors.endOfMedium(name, operation + " (twice)", -result);
            }
        }
        if (result == length) {
            unflushedWrites = true;
            marks.positionIsEndOfData();
            return signalledEarlyWarning || mtget().endOfTape();
        }
        if (result >= 0) {
            throw new DeviceException(name, operation + " wrote " + result + " bytes");
        }
        throw writeFailure(operation, -result);
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
        int result = mtop(Mtio.MTWEOF, count);
        if (result < 0) {
            throw writeFailure("MTWEOF " + count, -result);
        }
        unflushedWrites = false;
        if (count > 0) {
            marks.positionIsEndOfData();
        }
    }

    /** {@inheritDoc} MTEOM. */
    @Override
    public void spaceToEndOfData() {
        beforeMove();
        check(mtop(Mtio.MTEOM, 1), "MTEOM");
        marks.positionIsEndOfData();
    }

    /**
     * {@inheritDoc} MTFSF {@code count} forward, MTBSF {@code -count} backward.
     *
     * @throws EndOfDataException forward spacing reached EOD (the driver's GMT_EOD after the failed MTFSF)
     * @throws DeviceException    backward spacing reached the beginning of the partition, or another error
     */
    @Override
    public void spaceFilemarks(int count) {
        if (count == 0) {
            return;
        }
        beforeMove();
        if (count > 0) {
            int result = mtop(Mtio.MTFSF, count);
            if (result < 0) {
                MtStatus status = requireOnline("MTFSF " + count);
                if (status.endOfData()) {
                    long block = mtpos();
                    marks.endOfDataAt(status.partition(), block);
                    throw new EndOfDataException(name, "MTFSF " + count + " failed: " + StErrors.describe(-result)
                            + ": BLANK CHECK, END-OF-DATA DETECTED at block " + block + " of partition "
                            + status.partition() + " before " + count + " filemark(s)");
                }
                throw failure("MTFSF " + count, -result);
            }
        } else {
            check(mtop(Mtio.MTBSF, -count), "MTBSF " + (-count) + " (space back over " + (-count) + " filemarks)");
        }
        marks.moved();
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
        long megabytes = (indexPartitionBytes + MEGABYTE - 1) / MEGABYTE;
        if (indexPartitionBytes < 1 || megabytes > MAX_PARTITION_MEGABYTES) {
            throw new IllegalArgumentException("index partition must be 1 byte to " + MAX_PARTITION_MEGABYTES
                    + " MB, got " + indexPartitionBytes + " bytes");
        }
        flushWrites();
        MtStatus status = requireOnline("MTMKPART");
        if (status.writeProtected() || openedReadOnly) {
            throw new WriteProtectedException(name, "DATA PROTECT: the cartridge is write protected; not formatted");
        }
        check(mtop(Mtio.MTMKPART, (int) -megabytes), "MTMKPART -" + megabytes + " (partition 0 of " + megabytes
                + " MB)");
        forgetCartridge();
        variableBlockMode();
        partitions = 2;
        marks.endOfDataAt(0, 0);
        marks.record(1, 0);
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
        requireOnline("capacity");
        flushWrites();
        TapeCapacityPage page = sgLogs.tapeCapacity(scsiGenericNode());
        partitions = page.partitionCount();
        return page.capacity(name, partition, EARLY_WARNING_BYTES);
    }

    /**
     * Closes the node. Written blocks are flushed first without the filemark st would add on close.
     *
     * @throws DeviceException the flush or the close failed
     */
    @Override
    public void close() {
        if (fd < 0) {
            return;
        }
        try {
            flushWrites();
        } finally {
            int result = calls.close(fd);
            fd = -1;
            if (result < 0) {
                throw StErrors.forOperation(name, "close", -result);
            }
        }
    }

    private void attach() {
        fd = openNode();
        try {
            enableDriverOptions();
            if (mtget().online()) {
                variableBlockMode();
            }
        } catch (RuntimeException e) {
            calls.close(fd);
            fd = -1;
            throw e;
        }
    }

    private int openNode() {
        int nonBlocking = OpenFlags.O_NONBLOCK.intValue() | OpenFlags.O_CLOEXEC.intValue();
        int result = calls.open(name, OpenFlags.O_RDWR.intValue() | nonBlocking);
        openedReadOnly = false;
        if (StErrors.is(-result, Errno.EROFS)) {
            result = calls.open(name, OpenFlags.O_RDONLY.intValue() | nonBlocking);
            openedReadOnly = true;
        }
        if (result < 0) {
            throw StErrors.forOpen(name, -result);
        }
        return result;
    }

    private void enableDriverOptions() {
        int wanted = Mtio.MT_ST_CAN_PARTITIONS | Mtio.MT_ST_SCSI2LOGICAL;
        int result = mtop(Mtio.MTSETDRVBUFFER, Mtio.MT_ST_SETBOOLEANS | wanted);
        if (result == 0) {
            return;
        }
        if (StErrors.is(-result, Errno.EPERM)) {
            OptionalLong options = sysfs.driverOptions(nodeName);
            if (options.isPresent() && (options.getAsLong() & wanted) == wanted) {
                return;
            }
            throw new DeviceException(name, "MTSETDRVBUFFER failed: " + StErrors.describe(-result) + ": the st"
                    + " options can-partitions and scsi2logical are off and only root may switch them on; run the"
                    + " controller as root or `mt -f " + name + " stsetoptions can-partitions scsi2logical` as root");
        }
        throw failure("MTSETDRVBUFFER", -result);
    }

    private void variableBlockMode() {
        check(mtop(Mtio.MTSETBLK, 0), "MTSETBLK 0 (variable block mode)");
    }

    private void awaitOnline() {
        Instant deadline = clock.instant().plus(onlineTimeout);
        while (true) {
            MtStatus status = mtget();
            if (status.online()) {
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new DeviceException(name, "not ready " + onlineTimeout.toSeconds() + " s after MTLOAD"
                        + " (general status bits 0x" + Long.toHexString(status.gstat()) + ")");
            }
            try {
                sleeper.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException(name, "interrupted while waiting for the cartridge to become ready", e);
            }
            // st tests the drive again only at open or load
            calls.close(fd);
            fd = -1;
            fd = openNode();
        }
    }

    /** Before the tape moves: no implicit filemark, and the EOD a write left here is remembered. */
    private void beforeMove() {
        flushWrites();
        if (marks.positionedAtEndOfData()) {
            MtStatus status = mtget();
            if (status.online()) {
                marks.endOfDataAt(status.partition(), mtpos());
            }
        }
    }

    /**
     * st writes a filemark before MTREW, MTOFFL, MTSEEK or MTBSF, and at close, when the last operation was a write
     * (st.rst; st.c st_ioctl). A synchronous WRITE FILEMARKS of 0 (MTWEOF 0) flushes the blocks to the medium and
     * ends the write, so that filemarks are only where the caller wrote them.
     */
    private void flushWrites() {
        if (unflushedWrites) {
            int result = mtop(Mtio.MTWEOF, 0);
            if (result < 0) {
                throw writeFailure("MTWEOF 0 (flush)", -result);
            }
            unflushedWrites = false;
        }
    }

    /**
     * Whether the current position is EOD: MTEOM, then MTIOCPOS; if the tape moved, back with MTSETPART and MTSEEK.
     * Records where EOD is either way.
     */
    private boolean probeEndOfData() {
        int partition = mtget().partition();
        long before = mtpos();
        check(mtop(Mtio.MTEOM, 1), "MTEOM");
        long endOfData = mtpos();
        if (endOfData == before) {
            marks.endOfDataAt(partition, endOfData);
            return true;
        }
        marks.record(partition, endOfData);
        check(mtop(Mtio.MTSETPART, partition), "MTSETPART " + partition);
        check(mtop(Mtio.MTSEEK, (int) before), "MTSEEK " + before);
        marks.moved();
        return false;
    }

    private void arrivedAt(int partition, long block) {
        marks.moved();
        OptionalLong known = marks.endOfData(partition);
        if (known.isPresent() && known.getAsLong() == block) {
            marks.endOfDataAt(partition, block);
        }
    }

    private void forgetCartridge() {
        marks.clear();
        partitions = 0;
        unflushedWrites = false;
        readLimit = MAX_BLOCK_BYTES;
    }

    private int partitionCount() {
        if (partitions == 0) {
            partitions = sgLogs.tapeCapacity(scsiGenericNode()).partitionCount();
        }
        return partitions;
    }

    private String scsiGenericNode() {
        return sysfs.scsiGenericNode(nodeName).orElseThrow(() -> new DeviceException(name, "no SCSI generic node"
                + " under /sys/class/scsi_tape/" + nodeName + "/device/scsi_generic (is the sg module loaded?)"));
    }

    private EndOfDataException endOfData(String operation, int partition, long block) {
        return new EndOfDataException(name, operation + ": BLANK CHECK, END-OF-DATA DETECTED at block " + block
                + " of partition " + partition);
    }

    private MtStatus requireOnline(String operation) {
        MtStatus status = mtget();
        if (!status.online()) {
            throw notLoaded(status, operation);
        }
        return status;
    }

    private MediumNotPresentException notLoaded(MtStatus status, String operation) {
        return new MediumNotPresentException(name, operation + ": " + (status.doorOpen()
                ? "NOT READY, MEDIUM NOT PRESENT: no cartridge in the drive"
                : "NOT READY: the cartridge is not loaded (general status bits 0x" + Long.toHexString(status.gstat())
                + ")"));
    }

    private DeviceException writeFailure(String operation, int errno) {
        if (StErrors.is(errno, Errno.EIO)) {
            MtStatus status = mtgetQuietly();
            if (status != null && status.online() && status.endOfTape()) {
                return StErrors.endOfMedium(name, operation, errno);
            }
        }
        return failure(operation, errno);
    }

    /** The exception for a failed operation; an EIO with no ready cartridge is a missing medium. */
    private DeviceException failure(String operation, int errno) {
        if (StErrors.is(errno, Errno.EIO)) {
            MtStatus status = mtgetQuietly();
            if (status != null && !status.online()) {
                return notLoaded(status, operation + " failed: " + StErrors.describe(errno));
            }
        }
        return StErrors.forOperation(name, operation, errno);
    }

    private void check(int result, String operation) {
        if (result < 0) {
            throw failure(operation, -result);
        }
    }

    private int mtop(short operation, int count) {
        MtOp op = new MtOp(calls.runtime());
        op.op.set(operation);
        op.count.set(count);
        return calls.ioctl(fd, requests.mtioctop(), memory(op));
    }

    private MtStatus mtget() {
        MtGet get = new MtGet(calls.runtime());
        int result = calls.ioctl(fd, requests.mtiocget(), memory(get));
        if (result < 0) {
            throw StErrors.forOperation(name, "MTIOCGET", -result);
        }
        return MtStatus.of(get);
    }

    private MtStatus mtgetQuietly() {
        MtGet get = new MtGet(calls.runtime());
        return calls.ioctl(fd, requests.mtiocget(), memory(get)) < 0 ? null : MtStatus.of(get);
    }

    private long mtpos() {
        MtPos pos = new MtPos(calls.runtime());
        int result = calls.ioctl(fd, requests.mtiocpos(), memory(pos));
        if (result < 0) {
            throw failure("MTIOCPOS", -result);
        }
        return pos.blkno.get();
    }

    private static Pointer memory(Struct struct) {
        return Struct.getMemory(struct, ParameterFlags.DIRECT);
    }
}
