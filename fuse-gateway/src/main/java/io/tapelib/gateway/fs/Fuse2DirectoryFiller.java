package io.tapelib.gateway.fs;

import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.Errno;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FileStat;

/**
 * Fills libfuse 2's readdir buffer from a {@link DirectoryListing}: ".", ".." and every entry, one filler call each,
 * in libfuse's offset-0 mode (the whole listing at once; lib/fuse.c {@code fill_dir}). Nothing is allocated per
 * entry: the names are copied once into a direct buffer, in the C-string form the listing keeps them in, and each
 * call passes the buffer at the entry's name (jnr hands a direct buffer's address plus its position to C); one
 * native stat carries the inode number and type bits, all of it that libfuse reads.
 *
 * <p>The buffers are reused: a bounded pool of {@link #POOLED} sets, each taken by one readdir at a time, so
 * concurrent listings on libfuse's threads never share one. A listing larger than {@link #MAX_POOLED_BYTES} of names
 * gets buffers of its own, left to the garbage collector. Thread-safe.
 */
final class Fuse2DirectoryFiller {
    /** Sets of buffers kept for reuse: about one per FUSE thread listing at a time. */
    static final int POOLED = 4;
    /** Larger name buffers are not kept, bytes (about 40,000 entries of short names). */
    static final int MAX_POOLED_BYTES = 1 << 20;
    /** A new name buffer's least size, bytes: a directory of 1,000 short names fits. */
    private static final int LEAST_BYTES = 64 << 10;
    /** "." and ".." as C strings, before the listing's names in the buffer. */
    private static final byte[] DOTS = {'.', 0, '.', '.', 0};

    private final Runtime runtime = Runtime.getSystemRuntime();
    private final int statSize = Struct.size(new FileStat(runtime));
    private final BlockingQueue<Buffers> spare = new ArrayBlockingQueue<>(POOLED);

    /** One listing's buffers: the names and the native stat passed with each entry. */
    private record Buffers(ByteBuffer names, Pointer statMemory, FileStat stat) {
    }

    /**
     * Passes every entry of {@code listing} to libfuse's {@code filler} for the request's {@code buf}.
     *
     * @return 0, or -EIO when libfuse refuses an entry (in offset-0 mode only when it cannot grow its buffer)
     */
    int fill(DirectoryListing listing, Pointer buf, FuseFillDir filler) {
        Buffers buffers = take(DOTS.length + listing.namesLength());
        try {
            ByteBuffer names = buffers.names();
            names.clear();
            names.put(DOTS);
            listing.copyNames(names);
            names.position(0);
            if (filler.apply(buf, names, null, 0) != 0) {
                return -Errno.EIO.value();
            }
            names.position(2);
            if (filler.apply(buf, names, null, 0) != 0) {
                return -Errno.EIO.value();
            }
            for (int i = 0; i < listing.size(); i++) {
                FuseStructs.fillDirectoryEntry(listing.inode(i), listing.kind(i), buffers.stat());
                names.position(DOTS.length + listing.nameOffset(i));
                if (filler.apply(buf, names, buffers.statMemory(), 0) != 0) {
                    return -Errno.EIO.value();
                }
            }
            return 0;
        } finally {
            giveBack(buffers);
        }
    }

    private Buffers take(int nameBytes) {
        Buffers pooled = spare.poll();
        if (pooled != null && pooled.names().capacity() >= nameBytes) {
            return pooled;
        }
        // a pooled set too small for this listing is dropped; the larger one made here replaces it
        Pointer statMemory = Memory.allocateDirect(runtime, statSize, true);
        return new Buffers(ByteBuffer.allocateDirect(Math.max(nameBytes, LEAST_BYTES)), statMemory,
                FileStat.of(statMemory));
    }

    private void giveBack(Buffers buffers) {
        if (buffers.names().capacity() <= MAX_POOLED_BYTES) {
            spare.offer(buffers);
        }
    }
}
