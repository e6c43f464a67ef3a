package io.tapelib.controller.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Who may use a device node.
 *
 * @param node     the node
 * @param exists   whether it exists
 * @param owner    the owning user
 * @param group    the owning group
 * @param mode     the permission bits as {@code ls -l} prints them, e.g. {@code rw-rw----}
 * @param readable whether this process may open it for reading (access(2) R_OK)
 * @param writable whether this process may open it for writing (access(2) W_OK)
 */
public record NodeAccess(Path node, boolean exists, String owner, String group, String mode, boolean readable,
                         boolean writable) {

    /** Reads a node's ownership and mode; a missing node comes back with {@code exists} false. */
    public static NodeAccess of(Path node) {
        Optional<PosixFileAttributes> attributes;
        try {
            attributes = Optional.of(Files.readAttributes(node, PosixFileAttributes.class));
        } catch (IOException e) {
            attributes = Optional.empty();
        }
        if (attributes.isEmpty()) {
            return new NodeAccess(node, false, "", "", "", false, false);
        }
        PosixFileAttributes a = attributes.get();
        return new NodeAccess(node, true, a.owner().getName(), a.group().getName(),
                PosixFilePermissions.toString(a.permissions()), Files.isReadable(node), Files.isWritable(node));
    }

    /** One line: {@code rw-rw---- root:tape  read yes, write no}. */
    public String describe() {
        return exists ? mode + " " + owner + ":" + group + "  read " + yesNo(readable) + ", write " + yesNo(writable)
                : "does not exist";
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
