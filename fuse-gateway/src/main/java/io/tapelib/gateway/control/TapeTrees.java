package io.tapelib.gateway.control;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.VolumeFile;
import io.tapelib.gateway.catalog.VolumeFiles;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.namespace.DirectoryEntry;
import io.tapelib.gateway.namespace.FileAttributes;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code /.tapelib/tapes}: one directory per cartridge the catalog knows, each holding that cartridge's own tree
 * ({@link VolumeFiles}): every entry whose path the cartridge's index holds, with the size and modification time of
 * the version on that cartridge, so that a path with versions on two cartridges shows each version in its
 * cartridge's tree. Owners and permission bits are the merged tree's, without write bits; a symlink's target is the
 * merged tree's; each entry has one link.
 *
 * <p>Content: a version that is the current one (the cartridge holds what the mount shows) is read through the
 * merged tree's path ({@link #readablePath}); an older version is not served (ENODATA, with one log line): recalling
 * a non-current version would need a cache object of its own beside the file's. Thread-safe; catalog failures are
 * {@link io.tapelib.gateway.catalog.CatalogException}.
 */
final class TapeTrees {
    private static final Logger LOG = Logger.getLogger(TapeTrees.class);
    private static final int READ_ONLY_DIRECTORY = 0555;
    private static final int NO_WRITE_BITS = ~0222 & 07777;

    private final Catalog catalog;
    private final VolumeFiles files;
    private final Instant started;

    /** @param started the time shown for directories that have no time of their own */
    TapeTrees(Catalog catalog, Instant started) {
        this.catalog = catalog;
        this.files = catalog.volumeFiles();
        this.started = started;
    }

    /** {@code /.tapelib/tapes} itself: a directory with one subdirectory per cartridge. */
    FileAttributes tapesDirectory() {
        return directory(ControlInodes.TAPES, 2 + volumes().size(), started);
    }

    /** The entries of {@code /.tapelib/tapes}: one directory per cartridge the catalog knows, by volume tag. */
    List<DirectoryEntry> tapes() {
        return volumes().stream().map(volume -> new DirectoryEntry(volume.volumeTag(),
                directory(ControlInodes.tapeEntry(volume.volumeTag(), Catalog.ROOT_ID), 2, timeOf(volume)))).toList();
    }

    /**
     * Attributes of a cartridge's directory or of an entry of its tree.
     *
     * @throws NamespaceException ENOENT for a cartridge the catalog does not know or a path its tree lacks
     */
    FileAttributes getattr(ControlPath path) {
        if (path.kind() == ControlPath.Kind.TAPE) {
            VolumeRecord volume = volume(path);
            long subdirectories = files.subdirectoryCount(volume.volumeTag(), Catalog.ROOT_ID);
            return directory(ControlInodes.tapeEntry(volume.volumeTag(), Catalog.ROOT_ID), 2 + subdirectories,
                    timeOf(volume));
        }
        VolumeFile entry = entry(path);
        long nlink = entry.inode().isDirectory()
                ? 2 + files.subdirectoryCount(entry.volumeTag(), entry.inode().id()) : 1;
        return attributes(entry, nlink);
    }

    /**
     * The entries of a cartridge's directory or of a directory of its tree, by name.
     *
     * @throws NamespaceException ENOENT as {@link #getattr}, ENOTDIR for a file
     */
    List<DirectoryEntry> readdir(ControlPath path) {
        long directory = Catalog.ROOT_ID;
        String tag = path.volumeTag();
        if (path.kind() == ControlPath.Kind.TAPE) {
            volume(path);
        } else {
            VolumeFile entry = entry(path);
            if (!entry.inode().isDirectory()) {
                throw new NamespaceException(Errno.ENOTDIR, "not a directory: " + path.tapePath() + " on " + tag);
            }
            directory = entry.inode().id();
        }
        List<DirectoryEntry> entries = new ArrayList<>();
        for (VolumeFile child : files.children(tag, directory)) {
            entries.add(new DirectoryEntry(child.inode().name(), attributes(child, child.inode().isDirectory() ? 2 : 1)));
        }
        return entries;
    }

    /** The target of a symlink of a cartridge's tree (the merged tree's); EINVAL for another kind, ENOENT. */
    String readlink(ControlPath path) {
        if (path.kind() != ControlPath.Kind.TAPE_ENTRY || entry(path).inode().kind() != FileKind.SYMLINK) {
            throw new NamespaceException(Errno.EINVAL, "not a symlink");
        }
        return entry(path).inode().symlinkTarget();
    }

    /**
     * The merged tree's path to open for reading an entry of a cartridge's tree: the entry's own path, when the version
     * on that cartridge is the one the mount shows.
     *
     * @throws NamespaceException ENOENT as {@link #getattr}, EISDIR for a directory, ENODATA for an older version
     *                            (one log line names it)
     */
    String readablePath(ControlPath path) {
        if (path.kind() == ControlPath.Kind.TAPE) {
            volume(path);
            throw new NamespaceException(Errno.EISDIR, "a cartridge's directory: " + path.volumeTag());
        }
        VolumeFile entry = entry(path);
        if (entry.inode().isDirectory()) {
            throw new NamespaceException(Errno.EISDIR, "a directory: " + path.tapePath());
        }
        if (!entry.current()) {
            LOG.infof("%s/tapes/%s%s: the version on %s (%d bytes, modified %s) is not the file's current content;"
                            + " not served (ENODATA). Read %s for the current one", ControlPath.ROOT, entry.volumeTag(),
                    path.tapePath(), entry.volumeTag(), entry.size(), entry.mtime(), path.tapePath());
            throw new NamespaceException(Errno.ENODATA, "an older version of " + path.tapePath() + " on "
                    + entry.volumeTag() + "; only the current content is served");
        }
        return path.tapePath();
    }

    private List<VolumeRecord> volumes() {
        // A volume tag with a slash could name no directory; barcodes have none (SMC-3, volume tag field).
        return catalog.volumes().stream().filter(volume -> volume.volumeTag().indexOf('/') < 0).toList();
    }

    private VolumeRecord volume(ControlPath path) {
        return catalog.volume(path.volumeTag()).filter(volume -> volume.volumeTag().indexOf('/') < 0)
                .orElseThrow(() -> new NamespaceException(Errno.ENOENT, "no cartridge " + path.volumeTag()));
    }

    private VolumeFile entry(ControlPath path) {
        return files.resolve(path.volumeTag(), path.tapePath()).orElseThrow(() -> new NamespaceException(Errno.ENOENT,
                "not on " + path.volumeTag() + ": " + path.tapePath()));
    }

    private Instant timeOf(VolumeRecord volume) {
        return volume.lastIndexed() != null ? volume.lastIndexed() : started;
    }

    private static FileAttributes directory(long inode, long nlink, Instant time) {
        return new FileAttributes(inode, FileKind.DIRECTORY, READ_ONLY_DIRECTORY, 0, 0, 0, nlink, time, time, time);
    }

    private static FileAttributes attributes(VolumeFile entry, long nlink) {
        var inode = entry.inode();
        long size = switch (inode.kind()) {
            case FILE -> entry.size();
            case SYMLINK -> inode.size();
            default -> 0;
        };
        return new FileAttributes(ControlInodes.tapeEntry(entry.volumeTag(), inode.id()), inode.kind(),
                inode.mode() & NO_WRITE_BITS, inode.uid(), inode.gid(), size, nlink, entry.mtime(), entry.mtime(),
                entry.mtime());
    }
}
