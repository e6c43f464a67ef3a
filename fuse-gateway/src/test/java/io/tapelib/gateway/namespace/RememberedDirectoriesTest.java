package io.tapelib.gateway.namespace;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paths through directories the resolver remembers ({@link DirectoryIds}) stay true across renames and removals. */
@ExtendWith(NamespaceFixtureExtension.class)
class RememberedDirectoriesTest {
    private CatalogNamespace namespace;

    private void createFile(String path) {
        namespace.release(namespace.create(path, 0644, 0, 0));
    }

    @Test
    void aRenamedDirectoryIsFoundAtItsNewPathOnly() {
        namespace.mkdir("/a", 0755, 0, 0);
        namespace.mkdir("/a/b", 0755, 0, 0);
        createFile("/a/b/f");
        long file = namespace.getattr("/a/b/f").inode();

        namespace.rename("/a", "/z");

        assertThat(namespace.getattr("/z/b/f").inode()).isEqualTo(file);
        assertThatThrownBy(() -> namespace.getattr("/a/b/f")).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOENT);
        assertThatThrownBy(() -> namespace.create("/a/b/g", 0644, 0, 0)).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOENT);
    }

    @Test
    void aDirectoryRenamedOverAnEmptyOneShowsItsOwnEntries() {
        namespace.mkdir("/src", 0755, 0, 0);
        createFile("/src/kept");
        namespace.mkdir("/dst", 0755, 0, 0);
        createFile("/dst/gone");
        namespace.unlink("/dst/gone");

        namespace.rename("/src", "/dst");

        assertThat(namespace.readdir("/dst")).extracting(DirectoryEntry::name).containsExactly("kept");
        namespace.getattr("/dst/kept");
        createFile("/dst/new");
        assertThat(namespace.readdir("/dst")).extracting(DirectoryEntry::name).containsExactly("kept", "new");
    }

    @Test
    void aDirectoryRemovedAndMadeAgainIsTheNewOne() {
        namespace.mkdir("/d", 0755, 0, 0);
        createFile("/d/old");
        namespace.unlink("/d/old");
        namespace.rmdir("/d");
        namespace.mkdir("/d", 0755, 0, 0);

        createFile("/d/new");

        assertThat(namespace.readdir("/d")).extracting(DirectoryEntry::name).containsExactly("new");
        assertThat(namespace.getattr("/d/new").size()).isZero();
    }

    @Test
    void aFileOnTheWayIsNotADirectory() {
        createFile("/plain");

        assertThatThrownBy(() -> namespace.getattr("/plain/x")).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOTDIR);
        assertThatThrownBy(() -> namespace.create("/plain/x", 0644, 0, 0)).isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOTDIR);
    }
}
