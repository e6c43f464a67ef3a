package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.MediumNotPresentException;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import jnr.ffi.provider.ParameterFlags;

import java.util.Objects;

/**
 * The st node held open: its file descriptor, the system calls and linux/mtio.h ioctls (MTIOCTOP, MTIOCGET,
 * MTIOCPOS) issued on it, and the port's typed exception for each failure ({@link StErrors}, plus the driver status
 * read back where an errno alone is ambiguous). Results are the kernel's: 0 or a count, or the negated errno.
 */
final class StNodeHandle {

    private final String name;
    private final StDeviceCalls calls;
    private final MtioRequests requests;

    private int fd = -1;
    private boolean openedReadOnly;

    StNodeHandle(String name, StDeviceCalls calls) {
        this.name = Objects.requireNonNull(name);
        this.calls = Objects.requireNonNull(calls);
        this.requests = MtioRequests.of(calls.runtime());
    }

    /** The node's path, the device named in every exception. */
    String name() {
        return name;
    }

    boolean isOpen() {
        return fd >= 0;
    }

    /** Whether the last open fell back to O_RDONLY because the driver refused O_RDWR (EROFS). */
    boolean openedReadOnly() {
        return openedReadOnly;
    }

    /**
     * Opens the node with O_RDWR|O_NONBLOCK (st.rst: the open then succeeds with no cartridge), or O_RDONLY when the
     * driver answers EROFS.
     *
     * @throws DeviceException the open failed ({@link StErrors#forOpen})
     */
    void open() {
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
        fd = result;
    }

    /** Closes and opens the node again: st tests the drive again only at open or load. */
    void reopen() {
        closeQuietly();
        open();
    }

    /**
     * Closes the node.
     *
     * @throws DeviceException the close failed
     */
    void close() {
        int result = calls.close(fd);
        fd = -1;
        if (result < 0) {
            throw StErrors.forOperation(name, "close", -result);
        }
    }

    /** Closes the node on the way out of a failure that is reported instead. */
    void closeQuietly() {
        calls.close(fd);
        fd = -1;
    }

    /** {@code read(2)} of up to {@code length} bytes: the byte count or {@code -errno}. */
    int read(byte[] buffer, int length) {
        return calls.read(fd, buffer, length);
    }

    /** {@code write(2)} of one block: the byte count or {@code -errno}. */
    int write(byte[] data, int offset, int length) {
        return calls.write(fd, data, offset, length);
    }

    /** MTIOCTOP with {@code operation} (an MTxxx of {@link Mtio}) and its count: 0 or {@code -errno}. */
    int mtop(short operation, int count) {
        MtOp op = new MtOp(calls.runtime());
        op.op.set(operation);
        op.count.set(count);
        return calls.ioctl(fd, requests.mtioctop(), memory(op));
    }

    /**
     * MTIOCGET.
     *
     * @throws DeviceException the ioctl failed
     */
    MtStatus mtget() {
        MtGet get = new MtGet(calls.runtime());
        int result = calls.ioctl(fd, requests.mtiocget(), memory(get));
        if (result < 0) {
            throw StErrors.forOperation(name, "MTIOCGET", -result);
        }
        return MtStatus.of(get);
    }

    /** MTIOCGET while another failure is being reported: null when it fails too. */
    MtStatus mtgetQuietly() {
        MtGet get = new MtGet(calls.runtime());
        return calls.ioctl(fd, requests.mtiocget(), memory(get)) < 0 ? null : MtStatus.of(get);
    }

    /**
     * MTIOCPOS: the logical object number (block) of the current position.
     *
     * @throws DeviceException the ioctl failed
     */
    long mtpos() {
        MtPos pos = new MtPos(calls.runtime());
        int result = calls.ioctl(fd, requests.mtiocpos(), memory(pos));
        if (result < 0) {
            throw failure("MTIOCPOS", -result);
        }
        return pos.blkno.get();
    }

    /**
     * MTIOCGET of a drive that must hold a ready cartridge.
     *
     * @throws MediumNotPresentException the drive is not online (no cartridge, or not loaded)
     */
    MtStatus requireOnline(String operation) {
        MtStatus status = mtget();
        if (!status.online()) {
            throw notLoaded(status, operation);
        }
        return status;
    }

    MediumNotPresentException notLoaded(MtStatus status, String operation) {
        return new MediumNotPresentException(name, operation + ": " + (status.doorOpen()
                ? "NOT READY, MEDIUM NOT PRESENT: no cartridge in the drive"
                : "NOT READY: the cartridge is not loaded (general status bits 0x" + Long.toHexString(status.gstat())
                + ")"));
    }

    /** The exception for a failed write; an EIO with the driver at end of medium is the end of the partition. */
    DeviceException writeFailure(String operation, int errno) {
        if (StErrors.is(errno, Errno.EIO)) {
            MtStatus status = mtgetQuietly();
            if (status != null && status.online() && status.endOfTape()) {
                return StErrors.endOfMedium(name, operation, errno);
            }
        }
        return failure(operation, errno);
    }

    /** The exception for a failed operation; an EIO with no ready cartridge is a missing medium. */
    DeviceException failure(String operation, int errno) {
        if (StErrors.is(errno, Errno.EIO)) {
            MtStatus status = mtgetQuietly();
            if (status != null && !status.online()) {
                return notLoaded(status, operation + " failed: " + StErrors.describe(errno));
            }
        }
        return StErrors.forOperation(name, operation, errno);
    }

    /**
     * @param result    what {@link #mtop} returned
     * @param operation what was asked, for the message ("MTSEEK 42")
     * @throws DeviceException the result is an errno ({@link #failure})
     */
    void check(int result, String operation) {
        if (result < 0) {
            throw failure(operation, -result);
        }
    }

    private static Pointer memory(Struct struct) {
        return Struct.getMemory(struct, ParameterFlags.DIRECT);
    }
}
