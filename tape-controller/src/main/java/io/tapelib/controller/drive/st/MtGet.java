package io.tapelib.controller.drive.st;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/** {@code struct mtget} of linux/mtio.h: what MTIOCGET fills in. {@code __kernel_daddr_t} is an {@code int}. */
final class MtGet extends Struct {
    /** {@code long mt_type}: MT_ISSCSI1 or MT_ISSCSI2 for the st driver. */
    final SignedLong type = new SignedLong();
    /** {@code long mt_resid}: the st driver puts the active partition here. */
    final SignedLong resid = new SignedLong();
    /** {@code long mt_dsreg}: block size and density code. */
    final SignedLong dsreg = new SignedLong();
    /** {@code long mt_gstat}: the GMT_xxx status bits. */
    final SignedLong gstat = new SignedLong();
    /** {@code long mt_erreg}: recovered errors since the last status in the low 16 bits. */
    final SignedLong erreg = new SignedLong();
    /** {@code __kernel_daddr_t mt_fileno}: file number, -1 when unknown. */
    final Signed32 fileno = new Signed32();
    /** {@code __kernel_daddr_t mt_blkno}: block number within the file, -1 when unknown. */
    final Signed32 blkno = new Signed32();

    MtGet(Runtime runtime) {
        super(runtime);
    }
}
