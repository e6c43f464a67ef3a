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
        assertThat(ChangerAddress.parse("virtual:/var/lib/tapelib/library").virtualLibraryDirectory())
                .isEqualTo(Path.of("/var/lib/tapelib/library"));
    }

    @Test
    void realDeviceIsAClearStartUpError() {
        assertThatThrownBy(() -> ChangerAddress.parse("/dev/sg1"))
                .isInstanceOf(UnsupportedChangerException.class)
                .hasMessageContaining("/dev/sg1").hasMessageContaining("real-library issue");
    }

    @Test
    void secondLockFailsNamingTheHolderAndIsFreeAfterRelease() {
        try (LibraryLock first = LibraryLock.acquire(dir, "tape-controller server")) {
            assertThatThrownBy(() -> LibraryLock.acquire(dir, "import command"))
                    .isInstanceOf(LibraryInUseException.class)
                    .hasMessageContaining("in use by tape-controller server");
        }
        LibraryLock.acquire(dir, "import command").close();
    }
}
