package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write-only opens bypass the kernel's page cache at the mount (direct_io, {@link TapeLibraryFuse#create}): what they
 * write reads back whole, and a reader that had the file's pages cached sees the new bytes, on a real FUSE mount of
 * {@link TapeLibraryFuse} over the real namespace. Needs root, /dev/fuse and libfuse2 (deploy/install-deps.sh).
 */
class WriteOnlyAtTheMountTest {

    @TempDir
    Path temp;

    private RealMount mounted;

    @BeforeEach
    void mount() {
        mounted = new RealMount(temp, 100_000_000);
    }

    @AfterEach
    void unmount() {
        mounted.close();
    }

    @Test
    void aLargeWriteOnlyWriteReadsBackAsWritten() throws IOException {
        byte[] written = new byte[20 * 1024 * 1024 + 4097];
        new Random(11).nextBytes(written);
        Path file = temp.resolve("mnt/big");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer source = ByteBuffer.wrap(written);
            while (source.hasRemaining()) {
                out.write(source);
            }
            out.force(true);
        }

        assertThat(Files.size(file)).isEqualTo(written.length);
        assertThat(Files.readAllBytes(file)).isEqualTo(written);
    }

    @Test
    void anOverwriteThroughAWriteOnlyDescriptorIsSeenByAReaderWhosePagesWereCached() throws IOException {
        Path file = Files.writeString(temp.resolve("mnt/F"), "aaaaaaaaaa");
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(readAll(reader)).isEqualTo("aaaaaaaaaa");

            try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
                writer.write(ByteBuffer.wrap("XYZ".getBytes(StandardCharsets.US_ASCII)), 3);
            }

            assertThat(readAll(reader)).isEqualTo("aaaXYZaaaa");
        }
        assertThat(Files.readString(file)).isEqualTo("aaaXYZaaaa");
    }

    @Test
    void aWriteOnlyWriteByAnUnprivilegedWriterClearsSetUserIdAndSetGroupId() throws IOException {
        Path file = Files.writeString(temp.resolve("mnt/tool"), "v1");
        RealMount.run(0, "chmod", "6777", file.toString());

        writeAsNobody(file, "v2");

        assertThat(Files.getAttribute(file, "unix:mode")).isEqualTo(0100777);
        assertThat(Files.readString(file)).isEqualTo("v1v2");
    }

    @Test
    void aSetGroupIdWithoutGroupExecuteStaysAfterAnUnprivilegedWrite() throws IOException {
        Path file = Files.writeString(temp.resolve("mnt/locked"), "v1");
        RealMount.run(0, "chmod", "6766", file.toString());

        writeAsNobody(file, "v2");

        // as on a local disk: set-group-ID without group execute marks mandatory locking, not a privilege
        assertThat(Files.getAttribute(file, "unix:mode")).isEqualTo(0102766);
    }

    @Test
    void aWriteOnlyWriteByRootKeepsSetUserId() throws IOException {
        Path file = Files.writeString(temp.resolve("mnt/rootTool"), "v1");
        RealMount.run(0, "chmod", "4755", file.toString());

        RealMount.run(0, "sh", "-c", "printf v2 >> " + file);

        assertThat(Files.getAttribute(file, "unix:mode")).isEqualTo(0104755);
    }

    /**
     * Appends {@code text} through a write-only descriptor that root opens and user nobody (uid 65534, no capabilities)
     * writes to: the mount's directories need not be open to nobody, and the writer is who write(2) judges.
     */
    static void writeAsNobody(Path file, String text) {
        RealMount.run(0, "sh", "-c", "exec 3>>\"$0\"; exec setpriv --reuid=65534 --regid=65534 --clear-groups sh -c"
                + " 'printf %s \"$0\" >&3' \"$1\"", file.toString(), text);
    }

    private static String readAll(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        int read = channel.read(buffer, 0);
        return new String(buffer.array(), 0, Math.max(read, 0), StandardCharsets.US_ASCII);
    }
}
