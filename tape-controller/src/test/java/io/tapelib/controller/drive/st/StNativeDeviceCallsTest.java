package io.tapelib.controller.drive.st;

import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The jnr binding against the real C library, on a regular file (no tape drive needed). */
class StNativeDeviceCallsTest {

    private final NativeStDeviceCalls calls = new NativeStDeviceCalls();

    @Test
    void writesFromAnOffsetAndReadsBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("blocks");
        Files.createFile(file);
        byte[] data = "xxHELLO-TAPEyy".getBytes(StandardCharsets.US_ASCII);

        int fd = calls.open(file.toString(), OpenFlags.O_RDWR.intValue());
        assertThat(fd).isNotNegative();
        assertThat(calls.write(fd, data, 2, 10)).isEqualTo(10);
        assertThat(calls.close(fd)).isZero();

        assertThat(Files.readString(file)).isEqualTo("HELLO-TAPE");
        fd = calls.open(file.toString(), OpenFlags.O_RDONLY.intValue());
        byte[] buffer = new byte[64];
        assertThat(calls.read(fd, buffer, 5)).isEqualTo(5);
        assertThat(new String(buffer, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("HELLO");
        assertThat(calls.close(fd)).isZero();
    }

    @Test
    void theKernelFillsTheIoctlArgument(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("ten"), new byte[10]);
        int fd = calls.open(file.toString(), OpenFlags.O_RDONLY.intValue());
        jnr.ffi.Pointer count = jnr.ffi.Memory.allocateDirect(calls.runtime(), 4);
        count.putInt(0, -1);

        // FIONREAD (asm-generic/ioctls.h 0x541B) answers the bytes left to read, also for a regular file
        assertThat(calls.ioctl(fd, 0x541BL, count)).isZero();

        assertThat(count.getInt(0)).isEqualTo(10);
        assertThat(calls.close(fd)).isZero();
    }

    @Test
    void failuresReturnTheNegatedErrno(@TempDir Path dir) throws IOException {
        assertThat(calls.open(dir.resolve("missing").toString(), OpenFlags.O_RDONLY.intValue()))
                .isEqualTo(-Errno.ENOENT.intValue());

        Path file = Files.createFile(dir.resolve("plain"));
        int fd = calls.open(file.toString(), OpenFlags.O_RDONLY.intValue());
        MtGet status = new MtGet(calls.runtime());
        // a regular file is no tape: the kernel refuses the magnetic tape ioctl
        assertThat(calls.ioctl(fd, MtioRequests.of(calls.runtime()).mtiocget(), Struct.getMemory(status)))
                .isEqualTo(-Errno.ENOTTY.intValue());
        assertThat(calls.close(fd)).isZero();
        assertThat(calls.close(fd)).isEqualTo(-Errno.EBADF.intValue());
    }
}
