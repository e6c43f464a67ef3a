package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two test doubles the mount tests and the fuse benchmark's {@code floor} target stand on: the in-memory tree's
 * link counts and flush rule, and {@link MountHolderMain} as a child process on libfuse 3 (the floor's). The errno
 * rules of the tree are asserted at the mount by {@link TapeLibraryFuseTest}. Needs root and /dev/fuse for the second.
 */
class InMemoryNamespaceTest {
    @TempDir
    Path temp;

    @Test
    void aDirectorysLinkCountFollowsItsSubdirectoriesThroughMkdirRenameAndRmdir() {
        InMemoryNamespace tree = new InMemoryNamespace();
        tree.mkdir("/a", 0755, 0, 0);
        tree.mkdir("/b", 0755, 0, 0);
        tree.mkdir("/a/x", 0755, 0, 0);
        tree.mkdir("/a/y", 0755, 0, 0);
        tree.release(tree.create("/a/file", 0644, 0, 0));

        assertThat(tree.getattr("/a").nlink()).isEqualTo(4);   // itself, its entry in /, x and y; not the file
        assertThat(tree.getattr("/").nlink()).isEqualTo(4);

        tree.rename("/a/x", "/b/x");
        assertThat(tree.getattr("/a").nlink()).isEqualTo(3);
        assertThat(tree.getattr("/b").nlink()).isEqualTo(3);

        tree.rename("/a/y", "/b/x");   // over an empty directory: b still has one
        assertThat(tree.getattr("/a").nlink()).isEqualTo(2);
        assertThat(tree.getattr("/b").nlink()).isEqualTo(3);

        tree.rmdir("/b/x");
        assertThat(tree.getattr("/b").nlink()).isEqualTo(2);
        assertThat(tree.getattr("/a/file").nlink()).isEqualTo(1);
    }

    @Test
    void flushHasNothingToDoForAnOpenHandleOnly() {
        InMemoryNamespace tree = new InMemoryNamespace();
        long handle = tree.create("/f", 0644, 0, 0);

        assertThat(tree.flushHasNothingToDo(handle)).isTrue();
        tree.release(handle);
        assertThat(tree.flushHasNothingToDo(handle)).isFalse();
    }

    @Test
    void theMountHolderServesTheTreeOnLibfuse3AndUnmountsWhenItsInputEnds() throws Exception {
        Path mnt = Files.createDirectory(temp.resolve("mnt"));
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MountHolderMain.class.getName(), mnt.toString(), "3")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(CompletableFuture.supplyAsync(() -> readLine(output)).get(20, TimeUnit.SECONDS))
                    .isEqualTo(MountHolderMain.READY);
            assertThat(MountTable.readSelf().find(mnt).filter(MountEntry::isFuse)).isPresent();

            Files.writeString(mnt.resolve("held"), "through the holder");
            assertThat(Files.readString(mnt.resolve("held"))).isEqualTo("through the holder");

            holder.getOutputStream().close();
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.exitValue()).isZero();
            assertThat(MountTable.readSelf().find(mnt)).isEmpty();
        } finally {
            holder.destroyForcibly();
            if (MountTable.readSelf().find(mnt).isPresent()) {
                LazyUnmounter.detach(mnt, Duration.ofSeconds(10));
            }
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
