package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static io.tapelib.gateway.namespace.NamespaceCall.run;

/**
 * Changes to the tree and to inodes' metadata, all in the catalog: a removed or replaced file's cached object goes
 * with it, and the dirty journals follow renames and metadata changes. Errors as {@link CatalogNamespace} describes.
 */
final class TreeChanges {
    private final Catalog catalog;
    private final CacheStore cache;
    private final Clock clock;
    private final PathResolver paths;
    private final DirtyJournaling journal;
    private final PendingWrites pending;

    TreeChanges(Catalog catalog, CacheStore cache, Clock clock, PathResolver paths, DirtyJournaling journal,
                PendingWrites pending) {
        this.pending = pending;
        this.catalog = catalog;
        this.cache = cache;
        this.clock = clock;
        this.paths = paths;
        this.journal = journal;
    }

    /** See {@link Namespace#mkdir}. */
    void mkdir(String path, int mode, int uid, int gid) {
        run("mkdir", path, () -> {
            PathResolver.ParentAndName target = paths.parentAndName(path);
            journal.journalIfMissing(catalog.mkdir(target.parentId(), target.name(), mode, uid, gid,
                    clock.instant()));
            journal.directoryChanged(target.parentId());
        });
    }

    /** See {@link Namespace#unlink}. */
    void unlink(String path) {
        run("unlink", path, () -> {
            PathResolver.ParentAndName target = paths.parentAndName(path);
            Inode removed = catalog.unlink(target.parentId(), target.name(), clock.instant());
            forgetIfGone(removed.id());
            journal.directoryChanged(target.parentId());
        });
    }

    /** See {@link Namespace#rmdir}. */
    void rmdir(String path) {
        run("rmdir", path, () -> {
            if (paths.isRoot(path)) {
                throw new NamespaceException(Errno.EBUSY, "cannot remove the root directory");
            }
            PathResolver.ParentAndName target = paths.parentAndName(path);
            Inode removed = catalog.rmdir(target.parentId(), target.name(), clock.instant());
            paths.forgetDirectories();
            // a dirty (new, empty) directory's journal goes with it, or a lost catalog's rebuild would bring it back
            cache.delete(removed.id());
            journal.directoryChanged(target.parentId());
        });
    }

    /** See {@link Namespace#rename}. */
    void rename(String from, String to) {
        run("rename", from + " -> " + to, () -> {
            if (paths.isRoot(from) || paths.isRoot(to)) {
                throw new NamespaceException(Errno.EBUSY, "cannot rename the root directory");
            }
            PathResolver.ParentAndName source = paths.parentAndName(from);
            PathResolver.ParentAndName target = paths.parentAndName(to);
            Optional<Inode> replaced = catalog.rename(source.parentId(), source.name(), target.parentId(),
                    target.name(), clock.instant());
            replaced.ifPresent(inode -> forgetIfGone(inode.id()));
            Inode moved = catalog.lookup(target.parentId(), target.name()).orElseThrow(
                    () -> new NamespaceException(Errno.EIO, "renamed entry vanished: " + to));
            if (moved.isDirectory()) {
                // every path below it changed, and a directory it replaced is gone
                paths.forgetDirectories();
            }
            journal.rewritePaths(moved.id());
            journal.directoryChanged(source.parentId());
            journal.directoryChanged(target.parentId());
        });
    }

    /** See {@link Namespace#chmod}. */
    void chmod(String path, int mode) {
        run("chmod", path, () -> journal.refresh(catalog.setMode(paths.resolve(path).id(), mode, clock.instant())));
    }

    /** See {@link Namespace#chown}. */
    void chown(String path, int uid, int gid) {
        run("chown", path, () -> journal.refresh(catalog.setOwner(paths.resolve(path).id(), uid, gid,
                clock.instant())));
    }

    /** See {@link Namespace#utimens}. */
    void utimens(String path, TimeChange atime, TimeChange mtime) {
        run("utimens", path, () -> {
            long id = paths.resolve(path).id();
            if (atime.omitted() && mtime.omitted()) {
                // POSIX lets the change time stay when both sides are UTIME_OMIT; Linux leaves it.
                return;
            }
            Instant now = clock.instant();
            journal.refresh(catalog.setTimes(id, atime.resolve(now), mtime.resolve(now), now));
        });
    }

    /** See {@link Namespace#mknod}. */
    void mknod(String path, FileKind kind, int mode, long deviceNumber, int uid, int gid) {
        run("mknod", path, () -> {
            if (!kind.isSpecial()) {
                throw new NamespaceException(Errno.EINVAL, "mknod cannot make a " + kind + ": " + path);
            }
            PathResolver.ParentAndName target = paths.parentAndName(path);
            journal.journalIfMissing(catalog.mknod(target.parentId(), target.name(), kind, mode, deviceNumber, uid,
                    gid, clock.instant()));
            journal.directoryChanged(target.parentId());
        });
    }

    /** See {@link Namespace#link}. */
    void link(String existing, String newPath) {
        run("link", existing + " -> " + newPath, () -> {
            Inode inode = paths.resolve(existing);
            PathResolver.ParentAndName target = paths.parentAndName(newPath);
            // the journal of a dirty file names all its names, so a lost catalog brings every link back
            journal.refresh(catalog.link(inode.id(), target.parentId(), target.name(), clock.instant()));
            journal.directoryChanged(target.parentId());
        });
    }

    /**
     * A name went: the inode's cached object goes with its last name; while other names remain, the dirty journal
     * follows the name the inode row keeps now.
     */
    private void forgetIfGone(long id) {
        if (catalog.get(id).isEmpty()) {
            pending.discard(id);
            cache.delete(id);
        } else {
            journal.rewritePaths(id);
        }
    }

    /** See {@link Namespace#symlink}. */
    void symlink(String target, String linkPath, int uid, int gid) {
        run("symlink", linkPath, () -> {
            PathResolver.ParentAndName link = paths.parentAndName(linkPath);
            journal.journalIfMissing(catalog.symlink(link.parentId(), link.name(), target, uid, gid,
                    clock.instant()));
            journal.directoryChanged(link.parentId());
        });
    }
}
