package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mount's read-ahead widened through a mountinfo and a sysfs of the test's own. */
class MountReadAheadTest {
    @TempDir
    Path temp;

    private Path device(String name) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("bdi").resolve(name));
        return Files.writeString(dir.resolve("read_ahead_kb"), "128\n");
    }

    private MountReadAhead readAhead(String... mountInfoLines) throws Exception {
        Path mountInfo = Files.write(temp.resolve("mountinfo"), List.of(mountInfoLines));
        return new MountReadAhead(mountInfo, temp.resolve("bdi"));
    }

    @Test
    void setsOneRequestOfReadAheadOnTheLastFuseMountAtThePoint() throws Exception {
        Path older = device("0:40");
        Path newer = device("0:41");
        Path other = device("8:1");
        MountReadAhead readAhead = readAhead(
                "22 1 8:1 / /var/lib rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "45 22 0:40 / /var/lib/tape\\040library rw,nosuid,nodev - fuse.tapelib tapelib rw,user_id=0",
                "46 22 0:41 / /var/lib/tape\\040library rw,nosuid,nodev shared:7 - fuse.tapelib tapelib rw,user_id=0");

        assertThat(readAhead.widen(Path.of("/var/lib/tape library"))).isTrue();

        assertThat(Files.readString(newer).strip()).isEqualTo("1024");
        assertThat(Files.readString(older).strip()).isEqualTo("128");
        assertThat(Files.readString(other).strip()).isEqualTo("128");
    }

    @Test
    void leavesAMountPointWithoutFuseAlone() throws Exception {
        Path disk = device("8:1");
        MountReadAhead readAhead = readAhead("22 1 8:1 / /var/lib rw,relatime shared:1 - ext4 /dev/sda1 rw");

        assertThat(readAhead.widen(Path.of("/var/lib"))).isFalse();
        assertThat(readAhead.widen(Path.of("/mnt"))).isFalse();

        assertThat(Files.readString(disk).strip()).isEqualTo("128");
    }

    @Test
    void answersFalseWhenTheDeviceCannotBeWritten() throws Exception {
        MountReadAhead readAhead = readAhead("45 22 0:40 / /mnt rw - fuse.tapelib tapelib rw");

        assertThat(readAhead.widen(Path.of("/mnt"))).isFalse();
    }
}
