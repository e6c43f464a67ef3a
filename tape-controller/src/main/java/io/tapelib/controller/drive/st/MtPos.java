package io.tapelib.controller.drive.st;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/** {@code struct mtpos} of linux/mtio.h: what MTIOCPOS fills in. */
final class MtPos extends Struct {
    /** {@code long mt_blkno}: the logical object number READ POSITION reports for the current partition. */
    final SignedLong blkno = new SignedLong();

    MtPos(Runtime runtime) {
        super(runtime);
    }
}
