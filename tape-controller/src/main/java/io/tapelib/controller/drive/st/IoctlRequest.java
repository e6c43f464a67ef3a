package io.tapelib.controller.drive.st;

/**
 * The generic Linux ioctl request encoding ({@code asm-generic/ioctl.h}, used by x86_64 and aarch64): bits 0-7 the
 * number, 8-15 the type, 16-29 the argument size in bytes, 30-31 the direction.
 */
final class IoctlRequest {

    private static final int NR_SHIFT = 0;
    private static final int TYPE_SHIFT = 8;
    private static final int SIZE_SHIFT = 16;
    private static final int DIR_SHIFT = 30;
    private static final int SIZE_LIMIT = 1 << 14;
    /** {@code _IOC_WRITE}: user space writes the argument, the kernel reads it. */
    private static final long WRITE = 1;
    /** {@code _IOC_READ}: the kernel fills the argument. */
    private static final long READ = 2;

    private IoctlRequest() {
    }

    /** {@code _IOW(type, nr, size)}. */
    static long iow(char type, int nr, int size) {
        return encode(WRITE, type, nr, size);
    }

    /** {@code _IOR(type, nr, size)}. */
    static long ior(char type, int nr, int size) {
        return encode(READ, type, nr, size);
    }

    private static long encode(long direction, char type, int nr, int size) {
        if (size < 0 || size >= SIZE_LIMIT || nr < 0 || nr > 0xff || type > 0xff) {
            throw new IllegalArgumentException("cannot encode ioctl type " + type + " nr " + nr + " size " + size);
        }
        return direction << DIR_SHIFT | (long) size << SIZE_SHIFT | (long) type << TYPE_SHIFT | (long) nr << NR_SHIFT;
    }
}
