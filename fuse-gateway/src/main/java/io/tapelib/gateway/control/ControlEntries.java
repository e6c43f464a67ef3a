package io.tapelib.gateway.control;

import io.tapelib.gateway.namespace.DirectoryEntry;
import io.tapelib.gateway.namespace.FileAttributes;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What the control directory's entries look like: attributes, listings and symlink targets. {@code /.tapelib} and
 * {@code tapes} are directories (0555, root's), {@code status}, {@code lost} and {@code queue} files (0444, root's)
 * whose size and times are those of a rendering made at the call; the cartridges' trees are {@link TapeTrees}'.
 * Errors are {@link NamespaceException}: ENOENT for a name that is not there, ENOTDIR, EINVAL; a catalog failure is a
 * {@link io.tapelib.gateway.catalog.CatalogException}. Thread-safe.
 */
final class ControlEntries {
    private static final int READ_ONLY_DIRECTORY = 0555;
    private static final int READ_ONLY_FILE = 0444;

    private final ControlFiles files;
    private final TapeTrees tapes;
    private final Clock clock;
    private final Instant started;

    /** @param clock the time shown for the generated files (now) and {@code /.tapelib} (this call's) */
    ControlEntries(ControlFiles files, TapeTrees tapes, Clock clock) {
        this.files = files;
        this.tapes = tapes;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** The attributes of an entry; ENOENT when it is not there. */
    FileAttributes attributes(ControlPath path) {
        Instant now = clock.instant();
        return switch (path.kind()) {
            case ROOT -> new FileAttributes(ControlInodes.ROOT, FileKind.DIRECTORY, READ_ONLY_DIRECTORY, 0, 0, 0, 3,
                    started, started, started);
            // an open renders again, and is read with direct_io to its end whatever this size said
            case STATUS -> generated(ControlInodes.STATUS, files.render(path.kind()).length, now);
            case LOST -> generated(ControlInodes.LOST, files.render(path.kind()).length, now);
            case QUEUE -> generated(ControlInodes.QUEUE, files.render(path.kind()).length, now);
            case TAPES -> tapes.tapesDirectory();
            case TAPE, TAPE_ENTRY -> tapes.getattr(path);
            case MISSING -> throw missing("a name in " + ControlPath.ROOT);
        };
    }

    /** ENOENT unless the entry exists; cheaper than {@link #attributes} (renders nothing). */
    void requireExists(ControlPath entry, String path) {
        switch (entry.kind()) {
            case MISSING -> throw missing(path);
            case TAPE, TAPE_ENTRY -> tapes.getattr(entry);
            default -> { }
        }
    }

    /** The entries of a directory; ENOENT, ENOTDIR for a file. */
    List<DirectoryEntry> list(ControlPath entry, String path) {
        return switch (entry.kind()) {
            case ROOT -> rootEntries();
            case TAPES -> tapes.tapes();
            case TAPE, TAPE_ENTRY -> tapes.readdir(entry);
            case MISSING -> throw missing(path);
            case STATUS, LOST, QUEUE -> throw new NamespaceException(Errno.ENOTDIR, "not a directory: " + path);
        };
    }

    /** The target of a symlink of a cartridge's tree; ENOENT, EINVAL for anything else. */
    String readlink(ControlPath entry, String path) {
        requireExists(entry, path);
        return tapes.readlink(entry);
    }

    static NamespaceException missing(String path) {
        return new NamespaceException(Errno.ENOENT, "no such entry: " + path);
    }

    private List<DirectoryEntry> rootEntries() {
        Instant now = clock.instant();
        // A listing shows the generated files with size 0: rendering each for a listing would be wasted; stat (and
        // ls -l, which stats) shows the size.
        return List.of(
                new DirectoryEntry("lost", generated(ControlInodes.LOST, 0, now)),
                new DirectoryEntry("queue", generated(ControlInodes.QUEUE, 0, now)),
                new DirectoryEntry("status", generated(ControlInodes.STATUS, 0, now)),
                new DirectoryEntry("tapes", tapes.tapesDirectory()));
    }

    private static FileAttributes generated(long inode, long size, Instant now) {
        return new FileAttributes(inode, FileKind.FILE, READ_ONLY_FILE, 0, 0, size, 1, now, now, now);
    }
}
