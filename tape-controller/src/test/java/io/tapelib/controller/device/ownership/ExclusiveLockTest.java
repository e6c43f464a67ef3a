package io.tapelib.controller.device.ownership;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lock-file side of {@link ExclusiveLock}; the device side with real holder processes is DeviceOwnershipTest's. */
class ExclusiveLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedWithTheFirstOnesNoteAndTheLockIsFreeAfterRelease() throws IOException {
        Path file = dir.resolve("library/tapelib.lock");
        try (ExclusiveLock first = ExclusiveLock.onLockFile(file, "tape-controller server", ProcessTable.system())) {
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .startsWith("tape-controller server, pid " + ProcessHandle.current().pid() + ", since ");

            assertThatThrownBy(() -> ExclusiveLock.onLockFile(file, "import command", ProcessTable.system()))
                    .isInstanceOfSatisfying(LockHeldException.class, e -> {
                        assertThat(e.holder()).startsWith("tape-controller server, pid " + ProcessHandle.current().pid());
                        assertThat(e.heldByThisProcess()).isTrue();
                    });
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).as("the refused one leaves the note alone")
                    .startsWith("tape-controller server");
        }
        try (ExclusiveLock again = ExclusiveLock.onLockFile(file, "import command", ProcessTable.system())) {
            assertThat(again.file()).isEqualTo(file);
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("import command, pid ");
        }
    }

    @Test
    void aLockOnAFileWithoutANoteNamesWhatProcfsShows() throws IOException {
        Path node = Files.createFile(dir.resolve("sg1"));
        try (ExclusiveLock first = ExclusiveLock.onExistingFile(node, ProcessTable.system())) {
            assertThatThrownBy(() -> ExclusiveLock.onExistingFile(node, ProcessTable.system()))
                    .isInstanceOfSatisfying(LockHeldException.class, e -> {
                        assertThat(e.heldByThisProcess()).isTrue();
                        assertThat(e.holder()).as("this process is never its own holder in procfs' list")
                                .startsWith("no holding process is visible");
                    });
        }
    }
}
