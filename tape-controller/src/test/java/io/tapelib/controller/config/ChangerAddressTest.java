package io.tapelib.controller.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangerAddressTest {

    @TempDir
    Path dir;

    @Test
    void virtualAddressNamesTheLibraryDirectory() {
        ChangerAddress address = ChangerAddress.parse("virtual:/var/lib/tapelib/library");
        assertThat(address.virtualLibraryDirectory()).contains(Path.of("/var/lib/tapelib/library"));
        assertThat(address.device()).isEmpty();
        assertThat(address.isVirtual()).isTrue();
    }

    @Test
    void deviceAddressNamesTheChangersNode() {
        ChangerAddress address = ChangerAddress.parse(" /dev/sg1 ");
        assertThat(address.device()).contains(Path.of("/dev/sg1"));
        assertThat(address.isVirtual()).isFalse();
        assertThat(address).hasToString("/dev/sg1");
    }

    @Test
    void relativeOrEmptyAddressesAreClearStartUpErrors() {
        assertThatThrownBy(() -> ChangerAddress.parse("sg1"))
                .isInstanceOf(UnsupportedChangerException.class)
                .hasMessage("TAPE_CHANGER=sg1 is neither virtual:<dir> nor an absolute device path such as /dev/sg1"
                        + " (the medium changer's SCSI generic node)");
        assertThatThrownBy(() -> ChangerAddress.parse("virtual: "))
                .isInstanceOf(UnsupportedChangerException.class).hasMessageContaining("names no directory");
    }
}
