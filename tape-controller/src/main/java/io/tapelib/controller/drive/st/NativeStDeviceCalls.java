package io.tapelib.controller.drive.st;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.uintptr_t;

import java.nio.ByteBuffer;

/** {@link StDeviceCalls} on the C library through jnr-ffi; {@code errno} is read through jnr's {@link LastError}. */
public final class NativeStDeviceCalls implements StDeviceCalls {

    /** The C library functions used, as glibc declares them. */
    public interface LibC {
        int open(String path, int flags);

        int close(int fd);

        @ssize_t long read(int fd, @Out ByteBuffer buffer, @size_t long count);

        @ssize_t long write(int fd, @In ByteBuffer buffer, @size_t long count);

        // ioctl is variadic; on x86_64 and aarch64 Linux a pointer passed as the third argument travels exactly as a
        // fixed argument does. The request is an unsigned long, which has the width of uintptr_t on Linux.
        int ioctl(int fd, @uintptr_t long request, Pointer argument);
    }

    private final LibC libc;
    private final Runtime runtime;

    /**
     * @throws UnsatisfiedLinkError the C library cannot be loaded
     */
    public NativeStDeviceCalls() {
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.runtime = Runtime.getRuntime(libc);
    }

    @Override
    public Runtime runtime() {
        return runtime;
    }

    @Override
    public int open(String path, int flags) {
        return result(libc.open(path, flags));
    }

    @Override
    public int close(int fd) {
        return result(libc.close(fd));
    }

    @Override
    public int read(int fd, byte[] buffer, int length) {
        return (int) result(libc.read(fd, ByteBuffer.wrap(buffer, 0, length), length));
    }

    @Override
    public int write(int fd, byte[] data, int offset, int length) {
        return (int) result(libc.write(fd, ByteBuffer.wrap(data, offset, length), length));
    }

    @Override
    public int ioctl(int fd, long request, Pointer argument) {
        return result(libc.ioctl(fd, request, argument));
    }

    private int result(int value) {
        return value < 0 ? -LastError.getLastError(runtime) : value;
    }

    private long result(long value) {
        return value < 0 ? -LastError.getLastError(runtime) : value;
    }
}
