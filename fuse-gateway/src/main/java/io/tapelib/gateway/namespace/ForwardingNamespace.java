package io.tapelib.gateway.namespace;

import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.FileKind;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Namespace} that hands every call to another, unchanged: the base of the decorators of the mount's namespace
 * (the audit log, the kernel's view of hard-linked names), which override only what they add to. Every method is
 * forwarded, the interface's default methods too, so that a decorator never answers one with the interface's default
 * (a default {@code fsync} would reach the wrapped namespace as a flush). Results and errors are the wrapped
 * namespace's.
 */
public abstract class ForwardingNamespace implements Namespace {
    /** The namespace every call goes to. */
    protected final Namespace inner;

    /** @param inner the namespace every call goes to */
    protected ForwardingNamespace(Namespace inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public FileAttributes getattr(String path) {
        return inner.getattr(path);
    }

    @Override
    public FileAttributes getattr(String path, long handle) {
        return inner.getattr(path, handle);
    }

    @Override
    public List<DirectoryEntry> readdir(String path) {
        return inner.readdir(path);
    }

    @Override
    public DirectoryListing listing(String path) {
        return inner.listing(path);
    }

    @Override
    public DirectoryListing listingWithAttributes(String path) {
        return inner.listingWithAttributes(path);
    }

    @Override
    public String readlink(String path) {
        return inner.readlink(path);
    }

    @Override
    public FilesystemStats statfs() {
        return inner.statfs();
    }

    @Override
    public byte[] getxattr(String path, String name) {
        return inner.getxattr(path, name);
    }

    @Override
    public List<String> listxattr(String path) {
        return inner.listxattr(path);
    }

    @Override
    public long open(String path, boolean write, boolean truncate) {
        return inner.open(path, write, truncate);
    }

    @Override
    public long open(String path, boolean write, boolean truncate, boolean nonBlocking) {
        return inner.open(path, write, truncate, nonBlocking);
    }

    @Override
    public boolean directIo(long handle) {
        return inner.directIo(handle);
    }

    @Override
    public boolean flushHasNothingToDo(long handle) {
        return inner.flushHasNothingToDo(handle);
    }

    @Override
    public long create(String path, int mode, int uid, int gid) {
        return inner.create(path, mode, uid, gid);
    }

    @Override
    public int read(long handle, ByteBuffer destination, long offset, int size) {
        return inner.read(handle, destination, offset, size);
    }

    @Override
    public int write(long handle, ByteBuffer source, long offset, int size) {
        return inner.write(handle, source, offset, size);
    }

    @Override
    public void flush(long handle) {
        inner.flush(handle);
    }

    @Override
    public void fsync(long handle, boolean dataOnly) {
        inner.fsync(handle, dataOnly);
    }

    @Override
    public void fsyncDirectory(String path) {
        inner.fsyncDirectory(path);
    }

    @Override
    public void release(long handle) {
        inner.release(handle);
    }

    @Override
    public void truncate(String path, long size) {
        inner.truncate(path, size);
    }

    @Override
    public void mkdir(String path, int mode, int uid, int gid) {
        inner.mkdir(path, mode, uid, gid);
    }

    @Override
    public void unlink(String path) {
        inner.unlink(path);
    }

    @Override
    public void rmdir(String path) {
        inner.rmdir(path);
    }

    @Override
    public void rename(String from, String to) {
        inner.rename(from, to);
    }

    @Override
    public void chmod(String path, int mode) {
        inner.chmod(path, mode);
    }

    @Override
    public void chown(String path, int uid, int gid) {
        inner.chown(path, uid, gid);
    }

    @Override
    public void utimens(String path, TimeChange atime, TimeChange mtime) {
        inner.utimens(path, atime, mtime);
    }

    @Override
    public void symlink(String target, String linkPath, int uid, int gid) {
        inner.symlink(target, linkPath, uid, gid);
    }

    @Override
    public void setxattr(String path, String name, byte[] value, boolean mustNotExist, boolean mustExist) {
        inner.setxattr(path, name, value, mustNotExist, mustExist);
    }

    @Override
    public void removexattr(String path, String name) {
        inner.removexattr(path, name);
    }

    @Override
    public void mknod(String path, FileKind kind, int mode, long deviceNumber, int uid, int gid) {
        inner.mknod(path, kind, mode, deviceNumber, uid, gid);
    }

    @Override
    public void link(String existing, String newPath) {
        inner.link(existing, newPath);
    }
}
