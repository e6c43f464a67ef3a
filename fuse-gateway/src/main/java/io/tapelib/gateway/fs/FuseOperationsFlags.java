package io.tapelib.gateway.fs;

import java.nio.ByteOrder;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * Sets the bit fields of libfuse 2.9's {@code struct fuse_operations} (fuse.h) that jnr-fuse 0.5.8 declares but
 * never sets. In C they are {@code unsigned int flag_nullpath_ok:1, flag_nopath:1, flag_utime_omit_ok:1,
 * flag_reserved:29} sharing one 32-bit word; jnr-fuse models that word as four one-byte paddings, so the word's
 * offset is that of its first padding ({@code flag_nullpath_ok}) and a bit is set in the whole word, never through
 * the padding named after it (which would land in {@code flag_reserved}).
 */
final class FuseOperationsFlags {

    /** Bit of {@code flag_utime_omit_ok} counted from the first-declared field (fuse.h, libfuse 2.9). */
    private static final int UTIME_OMIT_OK_BIT = 2;

    private FuseOperationsFlags() {
    }

    /**
     * Sets {@code flag_utime_omit_ok}: libfuse 2's {@code fuse_lib_setattr} then calls {@code utimens} whenever
     * either time changes, passing UTIME_OMIT / UTIME_NOW in {@code tv_nsec}; without it only a change of both times
     * reaches the filesystem and {@code touch -m} / {@code touch -a} are silently dropped.
     *
     * @param operations the operations structure of a filesystem not yet mounted (libfuse copies it at mount)
     */
    static void allowUtimeOmit(FuseOperations operations) {
        long offset = MemberOffset.of(operations.flag_nullpath_ok);
        // GCC allocates bit fields from the low-order bit on little-endian targets, from the high-order one on
        // big-endian (System V ABI); the word is read and written in the native order.
        int bit = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? 1 << UTIME_OMIT_OK_BIT
                : Integer.MIN_VALUE >>> UTIME_OMIT_OK_BIT;
        Pointer memory = Struct.getMemory(operations);
        memory.putInt(offset, memory.getInt(offset) | bit);
    }

    /** jnr-ffi shows a member's offset to Struct subclasses only ({@code Struct.AbstractMember} is protected). */
    private abstract static class MemberOffset extends Struct {
        private MemberOffset() {
            super(Runtime.getSystemRuntime());
        }

        static long of(Struct.AbstractMember member) {
            return member.offset();
        }
    }
}
