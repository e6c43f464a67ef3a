package io.tapelib.controller.device.ownership;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

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

    /**
     * For an operator: every holder ({@link DeviceHolder#describe()}, separated by "; "), or that none is visible and
     * how to look further.
     *
     * @param file the device node or file these holders hold
     */
    public String describe(Path file) {
        if (holders.isEmpty()) {
            return "no holding process is visible" + (incomplete
                    ? " (processes of other users could not be inspected; run 'fuser -v " + file + "' as root)"
                    : "");
        }
        return holders.stream().map(DeviceHolder::describe).collect(Collectors.joining("; "));
    }
}
