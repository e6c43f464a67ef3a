package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Inode;
import java.util.List;
import java.util.Objects;

/**
 * One Migrate call the write-back sends: its files (oldest change first, whole directories where they fit) and the
 * cartridge they should go to.
 *
 * @param files  the due entries of the batch, never empty
 * @param target the volume tag of the cartridge where these directories' files already are, for the Migrate header's
 *               preferred volume tag; empty to let the controller choose (new directories, or a home without room)
 */
record MigrationBatch(List<Inode> files, String target) {
    MigrationBatch {
        files = List.copyOf(files);
        Objects.requireNonNull(target, "target");
    }

    /** Whether the batch names a cartridge (a directory's home) rather than leaving the choice to the controller. */
    boolean placed() {
        return !target.isEmpty();
    }

    /** Bytes of file content in the batch. */
    long bytes() {
        return files.stream().mapToLong(Inode::size).sum();
    }
}
