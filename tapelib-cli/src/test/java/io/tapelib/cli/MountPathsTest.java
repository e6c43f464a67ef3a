package io.tapelib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountPathsTest {

    @Test
    void pathsUnderTheMountLoseTheMountPoint() {
        MountPaths paths = new MountPaths(Path.of("/mnt/tape_library"), Path.of("/root"));
        assertThat(paths.catalogPath("/mnt/tape_library/a/b.bin")).isEqualTo("/a/b.bin");
        assertThat(paths.catalogPath("/mnt/tape_library")).isEqualTo("/");
        assertThat(paths.catalogPath("/a/./c/../b.bin")).as("already a catalog path").isEqualTo("/a/b.bin");
        assertThat(paths.catalogPath("a/b.bin")).as("relative, outside the mount: from its root").isEqualTo("/a/b.bin");
        assertThat(paths.catalogPath("/mnt/tape_library_2/x")).as("a sibling is not under the mount")
                .isEqualTo("/mnt/tape_library_2/x");
    }

    @Test
    void relativePathsStartAtAWorkingDirectoryInsideTheMount() {
        MountPaths paths = new MountPaths(Path.of("/mnt/tape_library"), Path.of("/mnt/tape_library/projects"));
        assertThat(paths.catalogPath("x.bin")).isEqualTo("/projects/x.bin");
        assertThat(paths.catalogPath("../y.bin")).isEqualTo("/y.bin");
    }
}
