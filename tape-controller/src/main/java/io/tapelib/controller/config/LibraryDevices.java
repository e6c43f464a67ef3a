package io.tapelib.controller.config;

import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.drive.TapeDrive;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The hardware the controller drives: one medium changer and its drives, whichever adapters implement them.
 *
 * @param description what the devices are, for logs and health checks (e.g. {@code virtual:/var/lib/tapelib/library})
 * @param changer     the medium changer
 * @param drives      the drives by the changer's data transfer element number (mtx ordinal, from 0); a real
 *                    library may give the controller only some of its drives ({@code TAPE_DRIVES=1=/dev/st1})
 */
public record LibraryDevices(String description, MediumChanger changer, SortedMap<Integer, TapeDrive> drives) {

    public LibraryDevices {
        if (drives.isEmpty()) {
            throw new IllegalArgumentException("a library needs at least one drive");
        }
        drives = Collections.unmodifiableSortedMap(new TreeMap<>(drives));
    }

    /**
     * Devices whose drive {@code n} of the list is data transfer element {@code n}, as in a virtual library.
     *
     * @throws IllegalArgumentException {@code drives} is empty
     */
    public LibraryDevices(String description, MediumChanger changer, List<TapeDrive> drives) {
        this(description, changer, numbered(drives));
    }

    private static SortedMap<Integer, TapeDrive> numbered(List<TapeDrive> drives) {
        SortedMap<Integer, TapeDrive> map = new TreeMap<>();
        for (int i = 0; i < drives.size(); i++) {
            map.put(i, drives.get(i));
        }
        return map;
    }
}
