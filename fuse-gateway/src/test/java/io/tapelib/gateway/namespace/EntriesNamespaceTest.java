package io.tapelib.gateway.namespace;

import static io.tapelib.gateway.namespace.NamespaceFixture.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** User xattrs, hard links and special files through the namespace (issue 11). */
@ExtendWith(NamespaceFixtureExtension.class)
class EntriesNamespaceTest {
    private NamespaceFixture fixture;
    private CatalogNamespace namespace;

    private void write(String path, String content) {
        long handle = namespace.create(path, 0644, 0, 0);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        namespace.write(handle, ByteBuffer.wrap(bytes), 0, bytes.length);
        namespace.release(handle);
    }

    @Test
    void onlyUsersOwnAttributesCanBeSetAndTheLimitsAreLinuxs() {
        write("/f", "x");
        byte[] value = {1, 2, 3};

        namespace.setxattr("/f", "user.mine", value, false, false);
        assertThat(namespace.getxattr("/f", "user.mine")).isEqualTo(value);
        assertThat(namespace.listxattr("/f")).contains("user.tapelib.state", "user.mine");
        assertErrno(() -> namespace.setxattr("/f", "user.tapelib.state", value, false, false), Errno.EPERM);
        namespace.removexattr("/f", "user.tapelib.state");
        assertThat(namespace.getxattr("/f", "user.tapelib.state")).as("computed: removing it changes nothing")
                .isEqualTo("dirty".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertErrno(() -> namespace.setxattr("/f", "user.ltfs.hash.sha256sum", value, false, false), Errno.EPERM);
        assertErrno(() -> namespace.setxattr("/f", "trusted.x", value, false, false), Errno.ENOTSUP);
        assertErrno(() -> namespace.setxattr("/f", "security.selinux", value, false, false), Errno.ENOTSUP);
        assertErrno(() -> namespace.setxattr("/f", "user.big", new byte[65_537], false, false), Errno.E2BIG);
        namespace.setxattr("/f", "user.largest", new byte[65_536], false, false);
        assertErrno(() -> namespace.setxattr("/f", "user." + "n".repeat(251), value, false, false), Errno.ERANGE);
        assertErrno(() -> namespace.setxattr("/f", "user.mine", value, true, false), Errno.EEXIST);
        assertErrno(() -> namespace.setxattr("/f", "user.other", value, false, true), Errno.ENODATA);
        assertErrno(() -> namespace.setxattr("/missing", "user.x", value, false, false), Errno.ENOENT);
        namespace.removexattr("/f", "user.mine");
        assertErrno(() -> namespace.getxattr("/f", "user.mine"), Errno.ENODATA);
    }

    @Test
    void linksShareContentAndTheObjectGoesWithTheLastName() {
        write("/a", "shared");
        namespace.mkdir("/d", 0755, 0, 0);
        namespace.link("/a", "/d/b");
        long id = namespace.getattr("/a").inode();

        assertThat(namespace.getattr("/d/b").inode()).isEqualTo(id);
        assertThat(namespace.getattr("/d/b").nlink()).isEqualTo(2);
        assertErrno(() -> namespace.link("/d", "/e"), Errno.EPERM);
        assertErrno(() -> namespace.link("/a", "/d/b"), Errno.EEXIST);
        assertErrno(() -> namespace.rmdir("/d"), Errno.ENOTEMPTY);

        namespace.unlink("/a");
        assertThat(fixture.cache().isPresent(id)).as("the other name still reads it").isTrue();
        long handle = namespace.open("/d/b", false, false);
        ByteBuffer buffer = ByteBuffer.allocate(16);
        assertThat(namespace.read(handle, buffer, 0, 16)).isEqualTo(6);
        namespace.release(handle);
        assertThat(namespace.getattr("/d/b").nlink()).isEqualTo(1);

        namespace.unlink("/d/b");
        assertThat(fixture.cache().isPresent(id)).isFalse();
        namespace.rmdir("/d");
    }

    @Test
    void mknodMakesSpecialFilesAndRegularOnes() {
        namespace.mknod("/pipe", FileKind.FIFO, 0600, 0, 0, 0);
        namespace.mknod("/tty", FileKind.CHARACTER_DEVICE, 0620, 0x440, 0, 5);
        namespace.mknod("/plain", FileKind.FILE, 0644, 0, 0, 0);

        assertThat(namespace.getattr("/pipe").kind()).isEqualTo(FileKind.FIFO);
        assertThat(namespace.getattr("/tty").rdev()).isEqualTo(0x440);
        assertThat(namespace.getattr("/plain").kind()).isEqualTo(FileKind.FILE);
        assertThat(namespace.getxattr("/pipe", "user.tapelib.state")).asString().isEqualTo("dirty");
        assertErrno(() -> namespace.mknod("/pipe", FileKind.FIFO, 0600, 0, 0, 0), Errno.EEXIST);
        assertErrno(() -> namespace.mknod("/dir", FileKind.DIRECTORY, 0755, 0, 0, 0), Errno.EINVAL);
        assertErrno(() -> namespace.open("/pipe", false, false), Errno.EINVAL);
    }
}
