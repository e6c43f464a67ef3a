package io.tapelib.controller.ltfs;

import java.util.Map;

/**
 * One metadata change of a volume's LTFS index, made at the gateway's mount to an entry the tape already holds.
 * Paths are slash-separated, relative to the volume root. {@link LtfsVolume#applyChanges} applies a list of them in
 * order; one the index cannot take is skipped alone.
 */
public sealed interface IndexChange {

    /** The path the change is about (for a rename, its source). */
    String path();

    /**
     * An entry's metadata as the mount shows it: creates a directory, symbolic link or special file when absent
     * (missing parents with mode 0755), or updates an entry of any kind (a file must exist and keeps its extents;
     * every entry of its link group takes the metadata).
     *
     * @param metadata path, kind, mode, owner, group, times, symbolic link target, device number
     * @param xattrs   the entry's user extended attributes, complete, keys as the index keeps them; they replace the
     *                 entry's extended attributes other than {@code ltfs.*} ones (ours included)
     */
    record Put(FileMetadata metadata, Map<String, XattrValue> xattrs) implements IndexChange {
        public Put {
            xattrs = Map.copyOf(xattrs);
        }

        @Override
        public String path() {
            return metadata.path();
        }
    }

    /** POSIX rename: moves an entry (a directory with everything below it), replacing a file or an empty directory. */
    record Rename(String from, String to) implements IndexChange {
        @Override
        public String path() {
            return from;
        }
    }

    /** Removes an entry; a directory goes with everything below it. */
    record Remove(String path) implements IndexChange {
    }

    /** A hard link: a new file entry at {@code path} sharing the extents and metadata of the file at {@code target}. */
    record Link(String path, String target) implements IndexChange {
    }
}
