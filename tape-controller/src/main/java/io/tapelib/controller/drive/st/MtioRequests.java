package io.tapelib.controller.drive.st;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/**
 * The three request codes of linux/mtio.h, computed as the header does from the structs' sizes on this runtime:
 * {@code MTIOCTOP = _IOW('m', 1, struct mtop)}, {@code MTIOCGET = _IOR('m', 2, struct mtget)},
 * {@code MTIOCPOS = _IOR('m', 3, struct mtpos)}. On x86_64 and aarch64: 0x40086d01, 0x80306d02, 0x80086d03.
 */
record MtioRequests(long mtioctop, long mtiocget, long mtiocpos) {

    private static final char MAGTAPE = 'm';

    static MtioRequests of(Runtime runtime) {
        return new MtioRequests(
                IoctlRequest.iow(MAGTAPE, 1, Struct.size(new MtOp(runtime))),
                IoctlRequest.ior(MAGTAPE, 2, Struct.size(new MtGet(runtime))),
                IoctlRequest.ior(MAGTAPE, 3, Struct.size(new MtPos(runtime))));
    }
}
