package io.tapelib.gateway.controller;

import io.tapelib.gateway.posix.FileKind;
import java.util.List;
import java.util.Objects;

/**
 * One metadata change of a tape's LTFS index (tape_controller.proto, IndexChange). Paths are slash-separated and
 * relative to the volume root (no leading slash); the root itself is {@link #ROOT_PATH}.
 */
public sealed interface IndexChange {
    /** How the root directory is named in a change: the volume root. */
    String ROOT_PATH = "/";

    /** The path the change is about (the new name of a link, the old one of a rename). */
    String path();

    /**
     * An entry's metadata as the mount shows it: creates a directory, symlink or special file, or updates any
     * entry (a file keeps its extents).
     *
     * @param path          the entry
     * @param kind          what it is
     * @param mode          permission bits (07777)
     * @param uid           owner
     * @param gid           group
     * @param times         its four times
     * @param symlinkTarget target of a symlink, null otherwise
     * @param xattrs        its user extended attributes, complete, keys as the index keeps them (without "user.")
     * @param deviceNumber  makedev(major, minor) of a device, 0 otherwise
     */
    record Put(String path, FileKind kind, int mode, int uid, int gid, FileTimes times, String symlinkTarget,
               List<TapeIndexEntry.Xattr> xattrs, long deviceNumber) implements IndexChange {
        public Put {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(times, "times");
            xattrs = List.copyOf(xattrs);
        }
    }

    /** POSIX rename of {@code path} (a directory with everything below it) to {@code to}. */
    record Rename(String path, String to) implements IndexChange {
        public Rename {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(to, "to");
        }
    }

    /** Removes {@code path} (a directory with everything below it). */
    record Remove(String path) implements IndexChange {
        public Remove {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A hard link: a new file entry at {@code path} sharing the extents of the file at {@code target}. */
    record Link(String path, String target) implements IndexChange {
        public Link {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(target, "target");
        }
    }
}
