package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceException;
import jnr.constants.platform.Errno;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Switches on the st options {@code can-partitions} and {@code scsi2logical} (MTSETDRVBUFFER with
 * MT_ST_SETBOOLEANS, linux/mtio.h): without them MTSETPART and MTMKPART are inactive and MTSEEK/MTIOCPOS use
 * device-specific addresses (st.rst). Only root may set them; for anyone else they must already be on, as the
 * node's sysfs {@code options} file shows.
 */
final class StDriverOptions {

    private final StNodeHandle node;
    private final StSysfs sysfs;
    private final String nodeName;

    /** @param nodeName the tape node's name under {@code /sys/class/scsi_tape}, e.g. {@code nst0} */
    StDriverOptions(StNodeHandle node, StSysfs sysfs, String nodeName) {
        this.node = Objects.requireNonNull(node);
        this.sysfs = Objects.requireNonNull(sysfs);
        this.nodeName = Objects.requireNonNull(nodeName);
    }

    /**
     * Makes sure both options are on.
     *
     * @throws DeviceException MTSETDRVBUFFER failed: EPERM with the options off (the message says how to switch
     *                         them on as root), or another errno
     */
    void enable() {
        int wanted = Mtio.MT_ST_CAN_PARTITIONS | Mtio.MT_ST_SCSI2LOGICAL;
        int result = node.mtop(Mtio.MTSETDRVBUFFER, Mtio.MT_ST_SETBOOLEANS | wanted);
        if (result == 0) {
            return;
        }
        if (StErrors.is(-result, Errno.EPERM)) {
            OptionalLong options = sysfs.driverOptions(nodeName);
            if (options.isPresent() && (options.getAsLong() & wanted) == wanted) {
                return;
            }
            throw new DeviceException(node.name(), "MTSETDRVBUFFER failed: " + StErrors.describe(-result) + ": the st"
                    + " options can-partitions and scsi2logical are off and only root may switch them on; run the"
                    + " controller as root or `mt -f " + node.name() + " stsetoptions can-partitions scsi2logical`"
                    + " as root");
        }
        throw node.failure("MTSETDRVBUFFER", -result);
    }
}
