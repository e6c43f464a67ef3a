package io.tapelib.controller.drive.st;

import jnr.ffi.Pointer;

/**
 * The system calls the st adapter makes, with the kernel's raw numbers: the seam between {@link StTapeDrive} and the
 * kernel, so that the requests each port method issues can be checked without a drive. Every call returns what the
 * system call returns on success (a descriptor, a byte count, 0) or the negated {@code errno} on failure, as the
 * kernel itself reports errors.
 */
public interface StDeviceCalls {

    /** The native runtime whose memory the ioctl arguments live in. */
    jnr.ffi.Runtime runtime();

    /**
     * {@code open(2)}.
     *
     * @param flags the {@code O_xxx} flags of this platform
     * @return a file descriptor, or {@code -errno}
     */
    int open(String path, int flags);

    /** {@code close(2)}: 0 or {@code -errno}. */
    int close(int fd);

    /**
     * {@code read(2)} of up to {@code length} bytes into the start of {@code buffer}; on a tape in variable block
     * mode one call reads one block.
     *
     * @return the number of bytes read (0 for a filemark), or {@code -errno}
     */
    int read(int fd, byte[] buffer, int length);

    /**
     * {@code write(2)} of {@code length} bytes from {@code data[offset]}; on a tape in variable block mode one call
     * writes one block of that length.
     *
     * @return the number of bytes written, or {@code -errno}
     */
    int write(int fd, byte[] data, int offset, int length);

    /**
     * {@code ioctl(2)}.
     *
     * @param request the request code ({@link MtioRequests})
     * @param argument the argument struct's memory, read or filled by the kernel
     * @return 0 (or the request's non-negative result), or {@code -errno}
     */
    int ioctl(int fd, long request, Pointer argument);
}
