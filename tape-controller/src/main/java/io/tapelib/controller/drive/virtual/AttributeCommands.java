package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.drive.MediumAttribute;
import java.io.IOException;
import java.util.Optional;

/**
 * READ ATTRIBUTE and WRITE ATTRIBUTE (SPC-4) as a virtual drive answers them: the threaded cartridge's
 * {@link CartridgeMemory}, its failures in the sense words a drive uses.
 */
final class AttributeCommands {

    private final String driveName;

    AttributeCommands(String driveName) {
        this.driveName = driveName;
    }

    /** @throws DeviceException the attribute file cannot be read (MEDIUM ERROR) */
    Optional<MediumAttribute> read(CartridgeMemory memory, int partition, int id) {
        try {
            return memory.read(partition, id);
        } catch (IOException e) {
            throw new DeviceException(driveName, "MEDIUM ERROR, 11/12 AUXILIARY MEMORY READ ERROR: " + e.getMessage(), e);
        }
    }

    /**
     * @throws DeviceException a device type attribute, read-only to the host (ILLEGAL REQUEST), or the attribute file
     *                         cannot be written (MEDIUM ERROR)
     */
    void write(CartridgeMemory memory, int partition, MediumAttribute attribute) {
        try {
            memory.write(partition, attribute);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(driveName, "ILLEGAL REQUEST, 26/00 INVALID FIELD IN PARAMETER LIST: " + e.getMessage());
        } catch (IOException e) {
            throw new DeviceException(driveName, "MEDIUM ERROR, 0C/00 WRITE ERROR of cartridge memory: " + e.getMessage(), e);
        }
    }
}
