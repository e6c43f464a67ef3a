package io.tapelib.controller.config;

import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.drive.TapeDrive;

import java.util.List;

/**
 * The hardware the controller drives: one medium changer and its drives, whichever adapters implement them.
 *
 * @param description what the devices are, for logs and health checks (e.g. {@code virtual:/var/lib/tapelib/library})
 * @param changer     the medium changer
 * @param drives      the drives; index {@code n} is data transfer element {@code n}
 */
public record LibraryDevices(String description, MediumChanger changer, List<TapeDrive> drives) {
    public LibraryDevices {
        drives = List.copyOf(drives);
    }
}
