package io.tapelib.controller.drive.st;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/** {@code struct mtop} of linux/mtio.h: the argument of MTIOCTOP. */
final class MtOp extends Struct {
    /** {@code short mt_op}: one of the {@code MTxxx} operations of {@link Mtio}. */
    final Signed16 op = new Signed16();
    /** {@code int mt_count}: how many of them (or the operation's argument). */
    final Signed32 count = new Signed32();

    MtOp(Runtime runtime) {
        super(runtime);
    }
}
