package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.device.WriteProtectedException;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StErrorsTest {

    private static DeviceException op(Errno errno) {
        return StErrors.forOperation("/dev/nst0", "write of 10 bytes", errno.intValue());
    }

    @Test
    void operationErrnosBecomeThePortsExceptions() {
        assertThat(op(Errno.ENOSPC)).isInstanceOf(EndOfMediumException.class)
                .hasMessage("/dev/nst0: write of 10 bytes failed: ENOSPC (No space left on device): end of partition"
                        + " (VOLUME OVERFLOW / END-OF-PARTITION/MEDIUM DETECTED)");
        assertThat(op(Errno.EROFS)).isInstanceOf(WriteProtectedException.class).hasMessageContaining("EROFS");
        assertThat(op(Errno.EACCES)).isInstanceOf(WriteProtectedException.class)
                .hasMessageContaining("EACCES (Permission denied)");
        assertThat(op(Errno.ENOMEDIUM)).isInstanceOf(MediumNotPresentException.class)
                .hasMessageContaining("ENOMEDIUM (No medium found)");
        assertThat(op(Errno.EBUSY)).isInstanceOf(DeviceBusyException.class)
                .hasMessageContaining("device in use by another process");
        assertThat(op(Errno.EIO)).isExactlyInstanceOf(DeviceException.class)
                .hasMessage("/dev/nst0: write of 10 bytes failed: EIO (Input/output error)");
        assertThat(op(Errno.EIO).device()).isEqualTo("/dev/nst0");
    }

    @Test
    void openErrnos() {
        assertThat(StErrors.forOpen("/dev/nst0", Errno.EBUSY.intValue())).isInstanceOf(DeviceBusyException.class)
                .hasMessage("/dev/nst0: cannot open: EBUSY (Device or resource busy): device in use by another process");
        // at open EACCES is the node's permissions, not the cartridge's write protection
        assertThat(StErrors.forOpen("/dev/nst0", Errno.EACCES.intValue())).isExactlyInstanceOf(DeviceException.class)
                .hasMessageContaining("read and write access");
        assertThat(StErrors.forOpen("/dev/nst0", Errno.ENOMEDIUM.intValue()))
                .isInstanceOf(MediumNotPresentException.class);
    }

    @Test
    void anUnknownErrnoKeepsItsNumber() {
        assertThat(StErrors.describe(4242)).isEqualTo("errno 4242");
    }
}
