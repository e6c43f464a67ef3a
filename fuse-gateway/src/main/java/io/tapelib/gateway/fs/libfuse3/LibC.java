package io.tapelib.gateway.fs.libfuse3;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/** The C library's functions the libfuse 3 binding needs besides libfuse's own (glibc, {@code libc.so.6}). */
public interface LibC {

    /** stdlib.h: frees memory libfuse allocated with malloc(3) on the caller's behalf; null is allowed. */
    void free(Pointer memory);

    /**
     * Loads the C library.
     *
     * @throws UnsatisfiedLinkError when the C library cannot be loaded
     */
    static LibC load() {
        return LibraryLoader.create(LibC.class).failImmediately().load("c");
    }
}
