package io.tapelib.controller.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which tape drive device sits in which data transfer element of the changer, parsed from {@code TAPE_DRIVES}.
 * Element numbers are the ordinals {@code mtx status} prints ("Data Transfer Element 0", "... 1"), from 0.
 *
 * @param devices device node by data transfer element number, in ascending element order
 */
public record DriveMapping(SortedMap<Integer, Path> devices) {

    public DriveMapping {
        devices = Collections.unmodifiableSortedMap(new TreeMap<>(devices));
    }

    /**
     * Parses {@code TAPE_DRIVES}: comma-separated {@code <element>=<device>} entries, e.g. {@code 0=/dev/st0,1=/dev/st1}.
     * Spaces around entries, numbers and paths are ignored.
     *
     * @param value the setting's text
     * @return the mapping; empty for a blank value
     * @throws InvalidDriveMappingException an entry without {@code =}, an element number that is not a
     *         non-negative integer, an empty or relative device path, the same element or the same device twice
     */
    public static DriveMapping parse(String value) {
        SortedMap<Integer, Path> devices = new TreeMap<>();
        if (value == null || value.isBlank()) {
            return new DriveMapping(devices);
        }
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String where = "TAPE_DRIVES=" + value + ": entry " + (i + 1) + " '" + entry + "'";
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new InvalidDriveMappingException(where + " has no '='; expected <data transfer element>=<device>,"
                        + " e.g. 0=/dev/st0");
            }
            String number = entry.substring(0, eq).strip();
            String device = entry.substring(eq + 1).strip();
            int element;
            try {
                element = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                element = -1;
            }
            if (element < 0 || !number.chars().allMatch(Character::isDigit)) {
                throw new InvalidDriveMappingException(where + ": '" + number + "' is not a data transfer element number"
                        + " (0, 1, ... as mtx status prints them)");
            }
            if (device.isEmpty() || !device.startsWith("/")) {
                throw new InvalidDriveMappingException(where + ": '" + device + "' is not an absolute device path such as"
                        + " /dev/st0");
            }
            Path path = Path.of(device);
            if (devices.containsKey(element)) {
                throw new InvalidDriveMappingException(where + ": data transfer element " + element
                        + " is already mapped to " + devices.get(element));
            }
            for (Map.Entry<Integer, Path> other : devices.entrySet()) {
                if (other.getValue().equals(path)) {
                    throw new InvalidDriveMappingException(where + ": " + path + " is already data transfer element "
                            + other.getKey());
                }
            }
            devices.put(element, path);
        }
        return new DriveMapping(devices);
    }

    /**
     * Parses {@code TAPE_DRIVES} as the configuration splits it at commas: one {@code <element>=<device>} per item.
     *
     * @throws InvalidDriveMappingException as {@link #parse(String)}
     */
    public static DriveMapping parse(java.util.List<String> entries) {
        return parse(String.join(",", entries));
    }

    /** Whether no drive is configured. */
    public boolean isEmpty() {
        return devices.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        devices.forEach((element, path) -> text.append(text.isEmpty() ? "" : ",").append(element).append('=').append(path));
        return text.toString();
    }
}
