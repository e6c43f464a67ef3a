package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.AttributeNotSupportedException;
import org.jboss.logging.Logger;

/**
 * The cartridge memory (MAM) side of {@link StTapeDrive}: the st driver has no ioctl for READ ATTRIBUTE or WRITE
 * ATTRIBUTE (SPC-4 8Ch/8Dh), which need SG_IO on the drive's sg node, and this adapter does not issue them yet. Every
 * attribute operation is refused with {@link AttributeNotSupportedException}; the first one is logged once per drive,
 * so that an operator knows why the LTFS Volume Coherency Information is neither written nor used (mounts then check
 * the tape itself, as the reference implementation does when MAM is unavailable).
 */
final class UnsupportedAttributes {

    private static final Logger LOG = Logger.getLogger(StTapeDrive.class);

    private final String device;
    private boolean logged;

    UnsupportedAttributes(String device) {
        this.device = device;
    }

    /**
     * Refuses an attribute operation.
     *
     * @param operation {@code READ ATTRIBUTE} or {@code WRITE ATTRIBUTE}
     * @param partition the partition asked for
     * @param id        the attribute asked for
     */
    AttributeNotSupportedException refuse(String operation, int partition, int id) {
        String message = String.format("%s of MAM attribute %04Xh (partition %d) is not supported by the st adapter"
                + " (it needs SG_IO on the drive's sg node)", operation, id, partition);
        if (!logged) {
            logged = true;
            LOG.infof("%s: %s; cartridge memory is neither read nor written by this controller, LTFS mounts check the"
                    + " tape itself instead of the Volume Coherency Information", device, message);
        }
        return new AttributeNotSupportedException(device, message);
    }
}
