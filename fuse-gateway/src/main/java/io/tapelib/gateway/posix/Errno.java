package io.tapelib.gateway.posix;

/**
 * The POSIX error numbers the namespace reports (Linux values, asm-generic/errno-base.h and errno.h).
 * The FUSE layer returns the negated value.
 */
public enum Errno {
    EPERM(1), ENOENT(2), EIO(5), E2BIG(7), EBADF(9), EAGAIN(11), EACCES(13), EBUSY(16), EEXIST(17), EXDEV(18),
    ENOTDIR(20), EISDIR(21), EINVAL(22), EFBIG(27), ENOSPC(28), EROFS(30), ERANGE(34),
    ENAMETOOLONG(36), ENOSYS(38), ENOTEMPTY(39), ENODATA(61), ENOTSUP(95), ETIMEDOUT(110);

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    /** The positive Linux errno value. */
    public int value() {
        return value;
    }
}
