package io.tapelib.gateway.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.catalog.CacheState;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.FileKind;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RejectedFilesTest {

    static Inode file(long id, long size, long changeCounter) {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        return new Inode(id, 1, "f" + id, FileKind.FILE, 0644, 0, 0, size, t, t, t, t, null, CacheState.DIRTY, t,
                changeCounter);
    }

    @Test
    void aRefusedFileIsHeldBackUntilItChanges() {
        RejectedFiles rejected = new RejectedFiles();
        assertThat(rejected.remember(7, 3)).isTrue();
        assertThat(rejected.heldBack(file(7, 10, 3))).isTrue();
        assertThat(rejected.heldBack(file(8, 10, 3))).isFalse();

        assertThat(rejected.heldBack(file(7, 10, 4))).isFalse();
        assertThat(rejected.size()).isZero();
    }

    @Test
    void theSameRefusalIsNewsOnlyOnce() {
        RejectedFiles rejected = new RejectedFiles();
        assertThat(rejected.remember(7, 3)).isTrue();
        assertThat(rejected.remember(7, 3)).isFalse();
        assertThat(rejected.remember(7, 4)).isTrue();
    }

    @Test
    void filesNoLongerDirtyAreForgotten() {
        RejectedFiles rejected = new RejectedFiles();
        rejected.remember(7, 3);
        rejected.remember(9, 1);
        rejected.retainOnly(Set.of(9L));
        assertThat(rejected.heldBack(file(7, 10, 3))).isFalse();
        assertThat(rejected.heldBack(file(9, 10, 1))).isTrue();
    }
}
