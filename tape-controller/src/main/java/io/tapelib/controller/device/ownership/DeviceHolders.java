package io.tapelib.controller.device.ownership;

import java.util.List;

/**
 * The processes found holding a device.
 *
 * @param holders    one entry per process, lock holders first
 * @param incomplete some processes could not be inspected (another user's, without root), so there may be more
 */
public record DeviceHolders(List<DeviceHolder> holders, boolean incomplete) {
    public DeviceHolders {
        holders = List.copyOf(holders);
    }
}
