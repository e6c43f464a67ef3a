package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import jnr.constants.platform.Errno;

/**
 * Turns the errno of an st system call into the port's typed exceptions. The meanings follow
 * Documentation/scsi/st.rst and drivers/scsi/st.c: ENOSPC at early warning or end of partition, EACCES for a write
 * on a write-protected cartridge (or one opened read-only), ENOMEDIUM with no cartridge, EBUSY when another process
 * holds the device (st allows one open at a time). Errno names and texts come from jnr-constants.
 */
final class StErrors {

    private StErrors() {
    }

    /** {@code ENOSPC (No space left on device)}; unknown numbers as {@code errno 1234}. */
    static String describe(int errno) {
        Errno known = Errno.valueOf(errno);
        if (known == null || !known.defined() || known.intValue() != errno) {
            return "errno " + errno;
        }
        return known.name() + " (" + known.description() + ")";
    }

    static boolean is(int errno, Errno expected) {
        return expected.defined() && expected.intValue() == errno;
    }

    /**
     * The error of {@code open(2)} on a tape node.
     *
     * @param errno the positive errno
     */
    static DeviceException forOpen(String device, int errno) {
        String words = "cannot open: " + describe(errno);
        if (is(errno, Errno.EBUSY)) {
            return new DeviceBusyException(device, words + ": device in use by another process");
        }
        if (is(errno, Errno.ENOMEDIUM)) {
            return new MediumNotPresentException(device, words);
        }
        if (is(errno, Errno.EACCES) || is(errno, Errno.EPERM)) {
            return new DeviceException(device, words + ": the controller needs read and write access to the node");
        }
        return new DeviceException(device, words);
    }

    /**
     * The error of a read, write or ioctl on an open tape node.
     *
     * @param operation what was asked, for the message ("write of 524288 bytes", "MTSEEK 42")
     * @param errno     the positive errno
     */
    static DeviceException forOperation(String device, String operation, int errno) {
        String words = operation + " failed: " + describe(errno);
        if (is(errno, Errno.ENOSPC)) {
            return endOfMedium(device, operation, errno);
        }
        if (is(errno, Errno.EROFS) || is(errno, Errno.EACCES)) {
            return new WriteProtectedException(device, words + ": the cartridge is write protected");
        }
        if (is(errno, Errno.ENOMEDIUM)) {
            return new MediumNotPresentException(device, words + ": no cartridge loaded");
        }
        if (is(errno, Errno.EBUSY)) {
            return new DeviceBusyException(device, words + ": device in use by another process");
        }
        return new DeviceException(device, words);
    }

    /** A write refused at the end of the partition (ENOSPC, or EIO with the driver at end of medium). */
    static EndOfMediumException endOfMedium(String device, String operation, int errno) {
        return new EndOfMediumException(device, operation + " failed: " + describe(errno)
                + ": end of partition (VOLUME OVERFLOW / END-OF-PARTITION/MEDIUM DETECTED)");
    }
}
