package io.tapelib.controller.cli;

import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.device.ownership.ExclusiveLock;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.library.LibraryDirectory;
import io.tapelib.controller.library.VirtualLibraryConfig;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.LtfsVolumes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tape-controller import} on a real small tree, checked by mounting the tape afterwards. */
@QuarkusMainTest
@TestProfile(ImportProfile.class)
class ImportCommandTest {

    @TempDir
    Path source;

    @BeforeEach
    void freshLibrary() throws IOException {
        if (Files.exists(ImportProfile.LIBRARY)) {
            try (Stream<Path> walk = Files.walk(ImportProfile.LIBRARY)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void importWritesTheTreeWithItsMetadataAndAnIndex(QuarkusMainLauncher launcher) throws Exception {
        List<Path> docs = realFiles();
        Path dir = Files.createDirectories(source.resolve("docs/deep"));
        Files.setPosixFilePermissions(source.resolve("docs"), PosixFilePermissions.fromString("rwxr-x---"));
        for (Path doc : docs) {
            Files.copy(doc, dir.resolve(doc.getParent().getFileName() + "-" + doc.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(source.resolve("top.txt"), "top level\n");
        Files.createSymbolicLink(source.resolve("link-to-top"), Path.of("top.txt"));

        LaunchResult result = launcher.launch("import", "--source", source.toString(), "--volume-tags", "TL0001L5,TL0002L5");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("TL0001L5: " + (docs.size() + 1) + " file(s)")
                .contains("total: " + (docs.size() + 1) + " file(s)");

        try (VirtualLibrary library = VirtualLibrary.open(ImportProfile.LIBRARY, VirtualLibraryConfig.msl4048())) {
            Element drive = library.changer().inventory().dataTransfer().get(0);
            assertThat(drive.volumeTag()).contains("TL0001L5");
            TapeDrive tape = library.drives().get(0);
            if (!tape.status().loaded()) {
                tape.load();
            }
            LtfsVolume volume = LtfsVolumes.mount(tape, "TL0001L5");
            IndexEntry link = volume.entry("link-to-top").orElseThrow();
            assertThat(link.kind()).isEqualTo(EntryKind.SYMLINK);
            assertThat(link.symlinkTarget()).isEqualTo("top.txt");
            assertThat(volume.entry("docs").orElseThrow().mode()).isEqualTo(0750);
            for (Path doc : docs) {
                String path = "docs/deep/" + doc.getParent().getFileName() + "-" + doc.getFileName();
                IndexEntry file = volume.entry(path).orElseThrow();
                assertThat(file.length()).isEqualTo(Files.size(doc));
                assertThat(file.modifyTime()).isEqualTo(Files.getLastModifiedTime(doc, LinkOption.NOFOLLOW_LINKS).toInstant());
                ByteArrayOutputStream read = new ByteArrayOutputStream();
                volume.readFile(file, (offset, buffer, off, len) -> read.write(buffer, off, len));
                assertThat(sha256(read.toByteArray())).isEqualTo(sha256(Files.readAllBytes(doc)));
            }
            volume.unmount();
        }
    }

    @Test
    void importKeepsUserXattrsHardLinksAndSpecialFilesAndIndexPrintsThem(QuarkusMainLauncher launcher) throws Exception {
        Path file = Files.writeString(source.resolve("data.txt"), "linked content\n");
        Files.createDirectories(source.resolve("other"));
        Files.createLink(source.resolve("other/second-name"), file);
        byte[] binary = {0, (byte) 0xff, 10, '='};
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        view.write("text", ByteBuffer.wrap("h\u00e9llo".getBytes(StandardCharsets.UTF_8)));
        view.write("bin", ByteBuffer.wrap(binary));
        run("mkfifo", "-m", "0640", source.resolve("pipe").toString());
        run("mknod", "-m", "0600", source.resolve("null-like").toString(), "c", "1", "3");

        LaunchResult imported = launcher.launch("import", "--source", source.toString(), "--volume-tags", "TL0001L5");
        assertThat(imported.exitCode()).as(imported.getErrorOutput()).isZero();
        LaunchResult index = launcher.launch("index", "--volume-tag", "TL0001L5");

        assertThat(index.exitCode()).as(index.getErrorOutput()).isZero();
        java.util.Map<String, String[]> lines = new java.util.HashMap<>();
        for (String line : index.getOutput().split("\n")) {
            String[] columns = line.split("\t");
            if (columns.length == 14) {
                lines.put(columns[12], columns);
            }
        }
        assertThat(lines.get("")).as("the volume root, first, with an empty path").isNotNull()
                .satisfies(root -> assertThat(root[0]).isEqualTo("DIRECTORY"));
        String[] data = lines.get("data.txt");
        String[] second = lines.get("other/second-name");
        assertThat(data[0]).isEqualTo("FILE");
        assertThat(data[11]).isEqualTo("bin=" + Base64.getEncoder().encodeToString(binary) + ",text="
                + Base64.getEncoder().encodeToString("h\u00e9llo".getBytes(StandardCharsets.UTF_8)));
        assertThat(data[9]).as("one link group").isNotEqualTo("-").isEqualTo(second[9]);
        assertThat(second[10]).as("the same data").isEqualTo(data[10]).isNotEqualTo("-");
        assertThat(data[5]).isEqualTo(Files.getLastModifiedTime(file).toInstant().getEpochSecond() + "."
                + String.format("%09d", Files.getLastModifiedTime(file).toInstant().getNano()));
        assertThat(lines.get("pipe")).startsWith("FIFO", "0", "0640");
        assertThat(lines.get("null-like")).startsWith("CHARACTER_DEVICE", "0", "0600");
        assertThat(lines.get("null-like")[8]).isEqualTo("1:3");
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }

    @Test
    void importRefusesALibraryInUseAndNamesTheHolder(QuarkusMainLauncher launcher) throws Exception {
        Files.writeString(source.resolve("a.txt"), "a\n");
        try (ExclusiveLock held = LibraryDirectory.lock(ImportProfile.LIBRARY, "the running tape-controller server")) {
            LaunchResult result = launcher.launch("import", "--source", source.toString(), "--volume-tags", "TL0001L5");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.getErrorOutput()).contains("in use by the running tape-controller server");
        }
    }

    @Test
    void importOfAMissingSourceFailsClearly(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("import", "--source", source.resolve("missing").toString(), "--volume-tags", "TL0001L5");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("is not a directory");
    }

    /** A few real text files of differing sizes from the system's documentation. */
    private static List<Path> realFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of("/usr/share/doc"), 2)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().equals("copyright"))
                    .sorted().limit(5).toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
