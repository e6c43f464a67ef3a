package io.tapelib.gateway.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.CatalogException;
import io.tapelib.gateway.namespace.DirectoryEntry;
import io.tapelib.gateway.namespace.FileAttributes;
import io.tapelib.gateway.namespace.FilesystemStats;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.namespace.TimeChange;
import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import io.tapelib.gateway.status.GatewayStatus;
import io.tapelib.gateway.tiering.QueuedRecall;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The mount's control directory {@code /.tapelib} (issue 14), laid over another {@link Namespace} (a decorator: every
 * other path goes to it unchanged). Virtual and read-only; it is no entry of the catalog:
 * <ul>
 *   <li>{@code status}, {@code lost}, {@code queue}: files generated at each open ({@link ControlFiles}), read with
 *       {@code direct_io} ({@link #directIo}); getattr shows the size of a rendering made then;</li>
 *   <li>{@code tapes/<volume tag>/...}: each cartridge's own tree ({@link TapeTrees}).</li>
 * </ul>
 * It is hidden from the listing of the root (so that {@code find}, {@code du} or {@code rsync} of the mount do not
 * walk it), and reached by its name: {@code ls MOUNT/.tapelib}, {@code cat MOUNT/.tapelib/status}. A {@code .tapelib}
 * that a cartridge's index put in the root of the merged tree is shadowed by it.
 *
 * <p>Errors: every change under {@code /.tapelib} (write, truncate, create, mkdir, mknod, symlink, link, unlink,
 * rmdir, rename from or into it, chmod, chown, utimens, setxattr, removexattr) is EROFS, except that creating an entry
 * named {@code /.tapelib} itself (create, mkdir, mknod, symlink, link) is EEXIST: the name is taken. Reading an
 * extended attribute there is ENODATA, listing them gives none. A name that is not there is ENOENT; catalog failures
 * are EIO. Thread-safe: the only state is the generated files' open handles.
 */
public final class ControlTree implements Namespace {

    private final Namespace tree;
    private final ControlFiles files;
    private final TapeTrees tapes;
    private final ControlEntries entries;
    private final GeneratedHandles handles = new GeneratedHandles();

    /**
     * @param tree    the merged tree every other path goes to
     * @param catalog the catalog, for each cartridge's tree and for paths of queued files
     * @param status  the gateway's status now (the REST status's source)
     * @param queue   the recalls not yet done, in the order they will run
     * @param json    the application's JSON mapper (the REST API's)
     * @param clock   the time shown for the generated files (now) and the directories (this call's)
     */
    public ControlTree(Namespace tree, Catalog catalog, Supplier<GatewayStatus> status,
                       Supplier<List<QueuedRecall>> queue, ObjectMapper json, Clock clock) {
        this.tree = tree;
        this.files = new ControlFiles(status, json, queue, catalog::pathOf);
        this.tapes = new TapeTrees(catalog, clock.instant());
        this.entries = new ControlEntries(files, tapes, clock);
    }

    // ---- reads -----------------------------------------------------------------------------------------------------

    @Override
    public FileAttributes getattr(String path) {
        Optional<ControlPath> control = ControlPath.parse(path);
        if (control.isEmpty()) {
            return tree.getattr(path);
        }
        return call("getattr", path, () -> entries.attributes(control.get()));
    }

    /** {@inheritDoc} A generated file's handle is answered by its path; the tree's by the tree. */
    @Override
    public FileAttributes getattr(String path, long handle) {
        return GeneratedHandles.owns(handle) || ControlPath.parse(path).isPresent() ? getattr(path)
                : tree.getattr(path, handle);
    }

    @Override
    public List<DirectoryEntry> readdir(String path) {
        Optional<ControlPath> control = ControlPath.parse(path);
        if (control.isEmpty()) {
            List<DirectoryEntry> entries = tree.readdir(path);
            return "/".equals(path) ? entries.stream().filter(e -> !ControlPath.NAME.equals(e.name())).toList()
                    : entries;
        }
        return call("readdir", path, () -> entries.list(control.get(), path));
    }

    /** {@inheritDoc} The root's listing hides a catalog entry named as the control directory, as readdir does. */
    @Override
    public DirectoryListing listing(String path) {
        return ControlPath.parse(path).isEmpty() ? treeListing(path, tree::listing) : Namespace.super.listing(path);
    }

    /** {@inheritDoc} The tree's, the root's without the control directory; none under it (generated, read-only). */
    @Override
    public DirectoryListing listingWithAttributes(String path) {
        return ControlPath.parse(path).isEmpty() ? treeListing(path, tree::listingWithAttributes)
                : listing(path).withoutAttributes();
    }

    /** The merged tree's listing by {@code list}; the root's without the control directory. */
    private static DirectoryListing treeListing(String path, Function<String, DirectoryListing> list) {
        DirectoryListing entries = list.apply(path);
        return "/".equals(path) ? entries.without(ControlPath.NAME) : entries;
    }

    @Override
    public String readlink(String path) {
        Optional<ControlPath> control = ControlPath.parse(path);
        if (control.isEmpty()) {
            return tree.readlink(path);
        }
        return call("readlink", path, () -> entries.readlink(control.get(), path));
    }

    @Override
    public FilesystemStats statfs() {
        return tree.statfs();
    }

    @Override
    public byte[] getxattr(String path, String name) {
        Optional<ControlPath> control = ControlPath.parse(path);
        if (control.isEmpty()) {
            return tree.getxattr(path, name);
        }
        run("getxattr", path, () -> entries.requireExists(control.get(), path));
        throw new NamespaceException(Errno.ENODATA, "no extended attributes in " + ControlPath.ROOT);
    }

    @Override
    public List<String> listxattr(String path) {
        Optional<ControlPath> control = ControlPath.parse(path);
        if (control.isEmpty()) {
            return tree.listxattr(path);
        }
        run("listxattr", path, () -> entries.requireExists(control.get(), path));
        return List.of();
    }

    // ---- content ---------------------------------------------------------------------------------------------------

    @Override
    public long open(String path, boolean write, boolean truncate) {
        return open(path, write, truncate, false);
    }

    /** {@inheritDoc} A generated file's content is rendered here; a cartridge's current version opens its file. */
    @Override
    public long open(String path, boolean write, boolean truncate, boolean nonBlocking) {
        Optional<ControlPath> control = ControlPath.parse(path);
        if (control.isEmpty()) {
            return tree.open(path, write, truncate, nonBlocking);
        }
        ControlPath entry = control.get();
        return switch (entry.kind()) {
            case STATUS, LOST, QUEUE -> {
                if (write || truncate) {
                    throw readOnly(path);
                }
                yield handles.open(call("open", path, () -> files.render(entry.kind())));
            }
            case TAPE, TAPE_ENTRY -> {
                String livePath = call("open", path, () -> {
                    tapes.getattr(entry);
                    if (write || truncate) {
                        throw readOnly(path);
                    }
                    return tapes.readablePath(entry);
                });
                yield tree.open(livePath, false, false, nonBlocking);
            }
            case ROOT, TAPES -> throw new NamespaceException(Errno.EISDIR, "a directory: " + path);
            case MISSING -> throw ControlEntries.missing(path);
        };
    }

    @Override
    public boolean directIo(long handle) {
        return GeneratedHandles.owns(handle) || tree.directIo(handle);
    }

    /** A control file's flush checks its handle (EBADF at close); the tree's own files answer for themselves. */
    @Override
    public boolean flushHasNothingToDo(long handle) {
        return !GeneratedHandles.owns(handle) && tree.flushHasNothingToDo(handle);
    }

    @Override
    public long create(String path, int mode, int uid, int gid) {
        refuseNew(path);
        return tree.create(path, mode, uid, gid);
    }

    @Override
    public int read(long handle, ByteBuffer destination, long offset, int size) {
        return GeneratedHandles.owns(handle) ? handles.read(handle, destination, offset, size)
                : tree.read(handle, destination, offset, size);
    }

    @Override
    public int write(long handle, ByteBuffer source, long offset, int size) {
        if (GeneratedHandles.owns(handle)) {
            throw new NamespaceException(Errno.EBADF, "handle " + handle + " is open for reading only");
        }
        return tree.write(handle, source, offset, size);
    }

    @Override
    public void flush(long handle) {
        if (GeneratedHandles.owns(handle)) {
            handles.check(handle);
        } else {
            tree.flush(handle);
        }
    }

    @Override
    public void fsync(long handle, boolean dataOnly) {
        if (GeneratedHandles.owns(handle)) {
            handles.check(handle);
        } else {
            tree.fsync(handle, dataOnly);
        }
    }

    @Override
    public void fsyncDirectory(String path) {
        Optional<ControlPath> control = ControlPath.parse(path);
        if (control.isPresent()) {
            run("fsyncdir", path, () -> entries.requireExists(control.get(), path));
        } else {
            tree.fsyncDirectory(path);
        }
    }

    @Override
    public void release(long handle) {
        if (GeneratedHandles.owns(handle)) {
            handles.release(handle);
        } else {
            tree.release(handle);
        }
    }

    // ---- changes: EROFS inside, EEXIST for the name itself ---------------------------------------------------------

    @Override
    public void truncate(String path, long size) {
        refuseChange(path);
        tree.truncate(path, size);
    }

    @Override
    public void mkdir(String path, int mode, int uid, int gid) {
        refuseNew(path);
        tree.mkdir(path, mode, uid, gid);
    }

    @Override
    public void unlink(String path) {
        refuseChange(path);
        tree.unlink(path);
    }

    @Override
    public void rmdir(String path) {
        refuseChange(path);
        tree.rmdir(path);
    }

    @Override
    public void rename(String from, String to) {
        refuseChange(from);
        refuseChange(to);
        tree.rename(from, to);
    }

    @Override
    public void chmod(String path, int mode) {
        refuseChange(path);
        tree.chmod(path, mode);
    }

    @Override
    public void chown(String path, int uid, int gid) {
        refuseChange(path);
        tree.chown(path, uid, gid);
    }

    @Override
    public void utimens(String path, TimeChange atime, TimeChange mtime) {
        refuseChange(path);
        tree.utimens(path, atime, mtime);
    }

    @Override
    public void symlink(String target, String linkPath, int uid, int gid) {
        refuseNew(linkPath);
        tree.symlink(target, linkPath, uid, gid);
    }

    @Override
    public void setxattr(String path, String name, byte[] value, boolean mustNotExist, boolean mustExist) {
        refuseChange(path);
        tree.setxattr(path, name, value, mustNotExist, mustExist);
    }

    @Override
    public void removexattr(String path, String name) {
        refuseChange(path);
        tree.removexattr(path, name);
    }

    @Override
    public void mknod(String path, FileKind kind, int mode, long deviceNumber, int uid, int gid) {
        refuseNew(path);
        tree.mknod(path, kind, mode, deviceNumber, uid, gid);
    }

    @Override
    public void link(String existing, String newPath) {
        refuseChange(existing);
        refuseNew(newPath);
        tree.link(existing, newPath);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** EEXIST for a new entry named {@code /.tapelib}, EROFS for one inside it. */
    private static void refuseNew(String path) {
        if (ControlPath.ROOT.equals(path)) {
            throw new NamespaceException(Errno.EEXIST, ControlPath.ROOT + " is the control directory; the name is taken");
        }
        refuseChange(path);
    }

    private static void refuseChange(String path) {
        if (ControlPath.isControl(path)) {
            throw readOnly(path);
        }
    }

    private static NamespaceException readOnly(String path) {
        return new NamespaceException(Errno.EROFS, ControlPath.ROOT + " is read-only: " + path);
    }

    /** Runs a control operation; a catalog failure is EIO naming the operation and path. */
    private static <T> T call(String operation, String path, Supplier<T> work) {
        try {
            return work.get();
        } catch (CatalogException e) {
            throw new NamespaceException(Errno.EIO, operation + " " + path + ": " + e.getMessage(), e);
        }
    }

    private static void run(String operation, String path, Runnable work) {
        call(operation, path, () -> {
            work.run();
            return null;
        });
    }
}
