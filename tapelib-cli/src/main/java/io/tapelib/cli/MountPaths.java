package io.tapelib.cli;

import java.nio.file.Path;

/**
 * Turns what a user types into a catalog path (docs/operator-api.md: paths as at the mount, from its root): a path
 * under the mount point loses the mount point ({@code /mnt/tape_library/a/b} is {@code /a/b}), a relative path is
 * taken from the working directory when that is inside the mount, else from the mount's root; any other absolute path
 * is already a catalog path.
 */
public final class MountPaths {
    private final Path mount;
    private final Path workingDirectory;

    /**
     * @param mount            FUSE_MOUNT_POINT
     * @param workingDirectory where relative paths start
     */
    public MountPaths(Path mount, Path workingDirectory) {
        this.mount = mount.toAbsolutePath().normalize();
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /**
     * The catalog path of {@code typed}.
     *
     * @throws IllegalArgumentException when it is empty
     */
    public String catalogPath(String typed) {
        if (typed == null || typed.isEmpty()) {
            throw new IllegalArgumentException("a path must not be empty");
        }
        Path path = Path.of(typed);
        if (!path.isAbsolute()) {
            path = workingDirectory.startsWith(mount) ? workingDirectory.resolve(path) : mount.resolve(path);
        }
        path = path.normalize();
        if (path.startsWith(mount)) {
            return "/" + mount.relativize(path).toString();
        }
        return path.toString();
    }
}
