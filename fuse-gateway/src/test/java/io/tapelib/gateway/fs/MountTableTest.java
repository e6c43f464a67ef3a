package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

    // Lines in the format of proc(5); the second is what libfuse 2 leaves for our mount options.
    private static final List<String> LINES = List.of(
            "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro",
            "97 22 0:52 / /tmp/junit\\0401/mnt\\134x rw,nosuid,nodev,relatime shared:53 - fuse.tapelib tapelib"
                    + " rw,user_id=0,group_id=0,default_permissions,allow_other,max_read=131072",
            "98 22 0:53 / /srv/data rw - ext4 /dev/vdb rw",
            "99 98 0:54 / /srv/data rw - fuse.tapelib tapelib rw");

    @Test
    void decodesOctalEscapesInMountPoints() {
        MountTable table = MountTable.parse(LINES);

        MountEntry fuse = table.find(Path.of("/tmp/junit 1/mnt\\x")).orElseThrow();
        assertThat(fuse.filesystemType()).isEqualTo("fuse.tapelib");
        assertThat(fuse.source()).isEqualTo("tapelib");
        assertThat(fuse.isFuse()).isTrue();
        assertThat(fuse.mountId()).isEqualTo(97);
        assertThat(fuse.parentId()).isEqualTo(22);
    }

    @Test
    void findsTheTopmostOfStackedMounts() {
        MountTable table = MountTable.parse(LINES);

        assertThat(table.find(Path.of("/srv/data/")).orElseThrow().mountId()).isEqualTo(99);
        assertThat(table.find(Path.of("/srv")).isPresent()).isFalse();
        assertThat(table.find(Path.of("/")).orElseThrow().isFuse()).isFalse();
    }

    @Test
    void decodesMultiByteNamesAndLeavesLoneBackslashes() {
        assertThat(MountTable.unescape("/mnt/b\\303\\244nd")).isEqualTo("/mnt/bänd");
        assertThat(MountTable.unescape("/mnt/a\\9b\\04")).isEqualTo("/mnt/a\\9b\\04");
    }

    @Test
    void rejectsALineWithoutTheSeparator() {
        assertThatThrownBy(() -> MountTable.parse(List.of("22 1 254:1 / / rw,relatime ext4 /dev/vda1 rw")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("22 1 254:1 / / rw,relatime ext4");
    }

    @Test
    void readsThisProcessesTable() {
        assertThat(MountTable.readSelf().find(Path.of("/"))).isPresent();
    }
}
