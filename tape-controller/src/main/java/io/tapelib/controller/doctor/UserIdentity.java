package io.tapelib.controller.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Who the controller runs as: the user's name, the group ids the process holds, and the names of the system's
 * groups.
 *
 * @param user       the user name
 * @param gids       the process's group ids (real, effective and supplementary)
 * @param groupIds   group id by group name, from {@code /etc/group}
 */
public record UserIdentity(String user, Set<Long> gids, Map<String, Long> groupIds) {

    public UserIdentity {
        gids = Set.copyOf(gids);
        groupIds = Map.copyOf(groupIds);
    }

    /**
     * The identity of this process: {@code Gid:} and {@code Groups:} of {@code /proc/self/status} (proc(5)) and
     * {@code /etc/group} (group(5)); what cannot be read is left out.
     */
    public static UserIdentity current() {
        Set<Long> gids = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Gid:") || line.startsWith("Groups:")) {
                    for (String id : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                        if (!id.isEmpty()) {
                            gids.add(Long.parseLong(id));
                        }
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // leave the set as far as it was read
        }
        Map<String, Long> groups = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/group"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        groups.put(f[0], Long.parseLong(f[2]));
                    } catch (NumberFormatException e) {
                        // a malformed line names no group
                    }
                }
            }
        } catch (IOException e) {
            // no names for groups
        }
        return new UserIdentity(System.getProperty("user.name"), gids, groups);
    }

    /** The id of a group by name. */
    public OptionalLong groupId(String name) {
        Long id = groupIds.get(name);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** Whether the process holds the named group. */
    public boolean inGroup(String name) {
        return groupId(name).stream().anyMatch(gids::contains);
    }
}
