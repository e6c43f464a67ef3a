package io.tapelib.gateway.fs;

/**
 * Which libfuse the mount runs on (FUSE_API, config {@code tapelib.fuse.api}): {@link #LIBFUSE3} (3, the default)
 * through our own binding of libfuse 3.12+ (package {@code fs.libfuse3}), {@link #LIBFUSE2} (2) through jnr-fuse
 * 0.5.8.
 */
public enum FuseApi {
    /** libfuse 2.9 (Debian package libfuse2): 128 KiB requests. */
    LIBFUSE2,
    /** libfuse 3.12 or later (Debian package libfuse3-3): 1 MiB requests, noflush, a fixed worker pool. */
    LIBFUSE3;

    /**
     * The API of a FUSE_API value.
     *
     * @throws IllegalArgumentException for a value other than 2 or 3, naming FUSE_API
     */
    public static FuseApi of(int version) {
        return switch (version) {
            case 2 -> LIBFUSE2;
            case 3 -> LIBFUSE3;
            default -> throw new IllegalArgumentException("FUSE_API (tapelib.fuse.api) must be 2 or 3, not " + version);
        };
    }
}
