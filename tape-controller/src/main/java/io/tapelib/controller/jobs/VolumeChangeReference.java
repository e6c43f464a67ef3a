package io.tapelib.controller.jobs;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.drive.MediumAttribute;
import io.tapelib.controller.drive.TapeDrive;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the loaded cartridge's VOLUME CHANGE REFERENCE (MAM attribute 0009h, SPC-4 table "Device type attributes": a
 * value the drive changes whenever the medium is written; 4 bytes on LTO drives).
 */
final class VolumeChangeReference {

    private static final int ATTRIBUTE_ID = 0x0009;
    private static final long UNUSABLE = 0xFFFF_FFFFL;

    private VolumeChangeReference() {
    }

    /** The value; empty when the drive cannot read it, or it is 0 or all ones (no valid value, as LTFS treats them). */
    static OptionalLong of(TapeDrive drive) {
        Optional<MediumAttribute> attribute;
        try {
            attribute = drive.readAttribute(0, ATTRIBUTE_ID);
        } catch (DeviceException unavailable) {
            return OptionalLong.empty();
        }
        if (attribute.isEmpty() || attribute.get().value().length < 4 || attribute.get().value().length > 8) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (byte b : attribute.get().value()) {
            value = (value << 8) | (b & 0xFF);
        }
        return value == 0 || value == UNUSABLE || value == -1 ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
