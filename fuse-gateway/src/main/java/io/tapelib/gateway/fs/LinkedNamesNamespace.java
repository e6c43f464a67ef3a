package io.tapelib.gateway.fs;

import io.tapelib.gateway.namespace.FileAttributes;
import io.tapelib.gateway.namespace.ForwardingNamespace;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.namespace.TimeChange;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The mounted {@link Namespace}, with the kernel told about every change to a hard-linked file that shows through
 * its other names ({@link OtherNamesRefresh}): link(2) and unlink(2) (link count, ctime), rename(2) onto or of one of
 * its names (link count, ctime), chmod, chown, utimens, truncate, setxattr and removexattr (mode, owner, times, size,
 * ctime), and each write through a handle open on it (size, mtime). Every call's result and error are the wrapped
 * namespace's; a refresh happens only after a call succeeded.
 *
 * <p>Costs: nothing for files with one name, beyond one getattr before unlink and rename and after the attribute
 * changes, one after opening an existing file for writing, and a map entry per handle open for writing.
 *
 * <p>Known limit: a file that gains a name while open for writing is found by the path it was opened or last renamed
 * at; a handle whose directory was renamed meanwhile does not refresh the new name at its writes (its attributes
 * expire after the attribute timeout).
 */
final class LinkedNamesNamespace extends ForwardingNamespace {
    private static final Logger LOG = Logger.getLogger(LinkedNamesNamespace.class);
    private final OtherNamesRefresh refresh;
    /** Handles open for writing, by handle: the path they were opened at (moved by renames of that path). */
    private final Map<Long, String> writers = new ConcurrentHashMap<>();
    /** The writers whose file has further names, by handle: the file's inode id. */
    private final Map<Long, Long> linkedWriters = new ConcurrentHashMap<>();

    LinkedNamesNamespace(Namespace inner, OtherNamesRefresh refresh) {
        super(inner);
        this.refresh = refresh;
    }

    // ---- changes that show through other names ---------------------------------------------------------------

    @Override
    public void link(String existing, String newPath) {
        inner.link(existing, newPath);
        afterChange(newPath, () -> {
            long inode = inner.getattr(newPath).inode();
            writers.forEach((handle, path) -> {
                if (path.equals(existing)) {
                    linkedWriters.put(handle, inode);
                }
            });
            refresh.refresh(inode, Set.of(newPath));
        });
    }

    @Override
    public void unlink(String path) {
        Optional<FileAttributes> before = linkedFile(path);
        inner.unlink(path);
        before.ifPresent(attributes -> afterChange(path, () -> refresh.refresh(attributes.inode(), Set.of(path))));
    }

    @Override
    public void rename(String from, String to) {
        Optional<FileAttributes> moved = linkedFile(from);
        Optional<FileAttributes> replaced = linkedFile(to);
        inner.rename(from, to);
        writers.replaceAll((handle, path) -> path.equals(from) ? to : path);
        moved.ifPresent(attributes -> afterChange(to, () -> refresh.refresh(attributes.inode(), Set.of())));
        replaced.filter(attributes -> moved.isEmpty() || attributes.inode() != moved.get().inode())
                .ifPresent(attributes -> afterChange(to, () -> refresh.refresh(attributes.inode(), Set.of())));
    }

    @Override
    public void chmod(String path, int mode) {
        inner.chmod(path, mode);
        refreshOthers(path);
    }

    @Override
    public void chown(String path, int uid, int gid) {
        inner.chown(path, uid, gid);
        refreshOthers(path);
    }

    @Override
    public void utimens(String path, TimeChange atime, TimeChange mtime) {
        inner.utimens(path, atime, mtime);
        refreshOthers(path);
    }

    @Override
    public void truncate(String path, long size) {
        inner.truncate(path, size);
        refreshOthers(path);
    }

    @Override
    public void setxattr(String path, String name, byte[] value, boolean mustNotExist, boolean mustExist) {
        inner.setxattr(path, name, value, mustNotExist, mustExist);
        refreshOthers(path);
    }

    @Override
    public void removexattr(String path, String name) {
        inner.removexattr(path, name);
        refreshOthers(path);
    }

    @Override
    public long open(String path, boolean write, boolean truncate) {
        return opened(path, write, inner.open(path, write, truncate));
    }

    @Override
    public long open(String path, boolean write, boolean truncate, boolean nonBlocking) {
        return opened(path, write, inner.open(path, write, truncate, nonBlocking));
    }

    @Override
    public long create(String path, int mode, int uid, int gid) {
        long handle = inner.create(path, mode, uid, gid);
        writers.put(handle, path);
        return handle;
    }

    @Override
    public int write(long handle, ByteBuffer source, long offset, int size) {
        int written = inner.write(handle, source, offset, size);
        Long inode = linkedWriters.get(handle);
        if (inode != null) {
            String path = writers.get(handle);
            afterChange(path, () -> refresh.refresh(inode, path == null ? Set.of() : Set.of(path)));
        }
        return written;
    }

    @Override
    public void release(long handle) {
        try {
            inner.release(handle);
        } finally {
            writers.remove(handle);
            linkedWriters.remove(handle);
        }
    }

    private long opened(String path, boolean write, long handle) {
        if (write) {
            writers.put(handle, path);
            afterChange(path, () -> {
                FileAttributes attributes = inner.getattr(path);
                if (attributes.nlink() > 1) {
                    linkedWriters.put(handle, attributes.inode());
                }
            });
        }
        return handle;
    }

    /** The attributes of {@code path} when it names a non-directory with further names; empty otherwise. */
    private Optional<FileAttributes> linkedFile(String path) {
        try {
            FileAttributes attributes = inner.getattr(path);
            return attributes.kind() != FileKind.DIRECTORY && attributes.nlink() > 1 ? Optional.of(attributes)
                    : Optional.empty();
        } catch (NamespaceException e) {
            return Optional.empty(); // the operation itself answers the error
        }
    }

    private void refreshOthers(String path) {
        afterChange(path, () -> {
            FileAttributes attributes = inner.getattr(path);
            if (attributes.kind() != FileKind.DIRECTORY && attributes.nlink() > 1) {
                refresh.refresh(attributes.inode(), Set.of(path));
            }
        });
    }

    /**
     * Runs what follows a change that succeeded; its own failure (the name gone meanwhile, a catalog or native error)
     * must not turn the change into an error, so it is logged only.
     */
    private static void afterChange(String path, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf(e, "the kernel's attributes of the other names of %s were not refreshed", path);
        }
    }

}
