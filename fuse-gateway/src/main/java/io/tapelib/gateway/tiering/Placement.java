package io.tapelib.gateway.tiering;

import java.util.Optional;

/**
 * Where a directory's new files should go so that the directory is not spread over cartridges (shared/DESIGN.md
 * section 5, "Placement": keep a directory's new files together where they fit).
 */
@FunctionalInterface
interface Placement {
    /** No directory has a home: the controller chooses every batch's cartridge. */
    Placement NONE = (directory, bytes, files) -> Optional.empty();

    /**
     * The cartridge to write new entries of {@code directory} to.
     *
     * @param directory the catalog inode of the directory the entries are in
     * @param bytes     the entries' content, bytes
     * @param files     how many entries
     * @return the volume tag of the cartridge holding the directory's files when it has room for these; empty when
     *         the directory is on no cartridge yet or its cartridge is full
     */
    Optional<String> home(long directory, long bytes, int files);
}
