package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2 of issue 4: a real tree (the JDK's files up to 4 MiB with its symbolic links, and the time zone
 * database: over 1,000 files, nested), plus names that need percent-encoding, a zero-length file and extended
 * attributes, written through {@link LtfsVolume}, unmounted, mounted again: the same listing (paths, kinds, lengths,
 * modes, times, link targets, extended attributes) and the same bytes.
 */
class LtfsRoundTripTest {

    private static final Path JDK = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final Path ZONEINFO = Path.of("/usr/share/zoneinfo");
    private static final long LARGEST_SOURCE_BYTES = 4L << 20;
    private static final String TAG = "TL0001L5";
    private static final String ORIGIN_XATTR = "user.origin";

    @TempDir
    Path dir;

    private VirtualLibrary library;

    @AfterEach
    void close() {
        if (library != null) {
            library.close();
        }
    }

    /** What was written for one path: its source file (null for a made-up one) and its bytes when a file. */
    private record Written(Path source, EntryKind kind, byte[] bytes, String target, Map<String, XattrValue> xattrs) {
    }

    @Test
    void aRealTreeComesBackWithTheSameListingAndBytes() throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"),
                VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(1L << 30).withTimeScale(0));
        library.changer().load(1, 0);
        TapeDrive drive = library.drives().get(0);
        drive.load();
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, new LtfsFormatOptions(64 * 1024, 32L << 20));
        Map<String, Written> written = new LinkedHashMap<>();
        writeTree(volume, JDK, "jdk", written);
        writeTree(volume, ZONEINFO, "zoneinfo", written);
        writeOddNames(volume, written);
        writeSparse(volume, written);
        Map<String, IndexEntry> before = byPath(volume.entries());
        volume.unmount();

        drive.unload();
        library.changer().unload(0, 1);
        library.changer().load(1, 0);
        drive.load();
        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG);

        assertThat(written.values().stream().filter(w -> w.kind() == EntryKind.FILE).count()).isGreaterThan(1000);
        assertThat(written.values().stream().filter(w -> w.kind() == EntryKind.SYMLINK).count()).isGreaterThan(100);
        assertThat(mounted.consistency().consistent()).isTrue();
        Map<String, IndexEntry> after = byPath(mounted.entries());
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        assertThat(after).isEqualTo(before);
        assertThat(after.keySet()).containsAll(written.keySet());
        for (Map.Entry<String, Written> expected : written.entrySet()) {
            IndexEntry entry = after.get(expected.getKey());
            Written source = expected.getValue();
            assertThat(entry.kind()).as(expected.getKey()).isEqualTo(source.kind());
            if (source.source() != null) {
                assertSameMetadata(entry, source.source());
            }
            switch (source.kind()) {
                case FILE -> {
                    assertThat(entry.length()).as(expected.getKey()).isEqualTo(source.bytes().length);
                    assertThat(readBack(mounted, entry)).as(expected.getKey()).isEqualTo(source.bytes());
                    assertThat(entry.xattrs()).as(expected.getKey()).containsAllEntriesOf(source.xattrs())
                            .containsEntry(LtfsVolume.SHA256_XATTR, XattrValue.ofText(sha256(source.bytes())));
                }
                case SYMLINK -> assertThat(entry.symlinkTarget()).as(expected.getKey()).isEqualTo(source.target());
                case DIRECTORY -> assertThat(entry.extents()).isEmpty();
                default -> throw new IllegalStateException();
            }
        }
        assertThat(after.get("odd/empty").extents()).isEmpty();
    }

    private static void writeTree(LtfsVolume volume, Path root, String prefix, Map<String, Written> written)
            throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        for (Path path : paths) {
            String tapePath = prefix + "/" + root.relativize(path).toString();
            if (Files.isSymbolicLink(path)) {
                String target = Files.readSymbolicLink(path).toString();
                volume.writeEntry(metadata(path, tapePath, EntryKind.SYMLINK, target));
                written.put(tapePath, new Written(path, EntryKind.SYMLINK, null, target, Map.of()));
            } else if (Files.isDirectory(path)) {
                volume.writeEntry(metadata(path, tapePath, EntryKind.DIRECTORY, null));
                written.put(tapePath, new Written(path, EntryKind.DIRECTORY, null, null, Map.of()));
            } else if (Files.isRegularFile(path) && Files.size(path) <= LARGEST_SOURCE_BYTES) {
                byte[] bytes = Files.readAllBytes(path);
                Map<String, XattrValue> xattrs = XattrValue.texts(Map.of(ORIGIN_XATTR, path.toString()));
                try (InputStream in = new ByteArrayInputStream(bytes)) {
                    volume.writeFile(metadata(path, tapePath, EntryKind.FILE, null), xattrs, in, bytes.length);
                }
                written.put(tapePath, new Written(path, EntryKind.FILE, bytes, null, xattrs));
            }
        }
    }

    /**
     * A sparse file on disk (holes at the start, in the middle and at the end; a few bytes of data between them). It is
     * stored dense, its holes written as zeros; the listing and bytes that come back must be the same.
     */
    private void writeSparse(LtfsVolume volume, Map<String, Written> written) throws IOException {
        Path sparse = dir.resolve("sparse.img");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(3L << 20);
            file.seek((1L << 20) + 17);
            file.write("data between two holes".getBytes(StandardCharsets.UTF_8));
            file.seek((2L << 20) + 4096);
            file.write(0x7f);
        }
        byte[] bytes = Files.readAllBytes(sparse);
        try (InputStream in = Files.newInputStream(sparse)) {
            volume.writeFile(metadata(sparse, "odd/sparse.img", EntryKind.FILE, null), Map.of(), in, bytes.length);
        }
        written.put("odd/sparse.img", new Written(sparse, EntryKind.FILE, bytes, null, Map.of()));
    }

    /** Names LTFS percent-encodes or XML escapes, Unicode, a zero-length file, several extended attributes. */
    private static void writeOddNames(LtfsVolume volume, Map<String, Written> written) throws IOException {
        byte[] release = Files.readAllBytes(JDK.resolve("release"));
        Map<String, XattrValue> xattrs = XattrValue.texts(Map.of("user.note", "ünïcödé & <xml> \"quoted\" 100%",
                "user.colon:key", "value:with:colons"));
        for (String name : List.of("odd/colon:in:name", "odd/100% percent", "odd/%3A not an escape",
                "odd/ünïcödé 名前 ☃", "odd/<tag> & \"quotes\"", "odd/back\\slash", "odd/empty")) {
            byte[] bytes = name.endsWith("empty") ? new byte[0] : (name + "\n").getBytes(StandardCharsets.UTF_8);
            if (name.contains("colon")) {
                bytes = release;
            }
            Instant time = Instant.parse("2023-01-02T03:04:05.123456789Z");
            volume.writeFile(new FileMetadata(name, EntryKind.FILE, 0600, 1000, 100, time, time, time, time, null),
                    xattrs, new ByteArrayInputStream(bytes), bytes.length);
            written.put(name, new Written(null, EntryKind.FILE, bytes, null, xattrs));
        }
        volume.writeEntry(new FileMetadata("odd/link:to%colon", EntryKind.SYMLINK, 0777, 0, 0, Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, "colon:in:name"));
        written.put("odd/link:to%colon", new Written(null, EntryKind.SYMLINK, null, "colon:in:name", Map.of()));
    }

    private static FileMetadata metadata(Path source, String tapePath, EntryKind kind, String target) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(source, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Instant modified = attributes.lastModifiedTime().toInstant();
            return new FileMetadata(tapePath, kind, mode(attributes), 1000, 1000,
                    attributes.creationTime().toInstant(), modified, modified,
                    attributes.lastAccessTime().toInstant(), target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSameMetadata(IndexEntry entry, Path source) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(source, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertThat(entry.modifyTime()).as(entry.path()).isEqualTo(attributes.lastModifiedTime().toInstant());
        assertThat(entry.creationTime()).as(entry.path()).isEqualTo(attributes.creationTime().toInstant());
        assertThat(entry.mode()).as(entry.path()).isEqualTo(mode(attributes));
    }

    private static int mode(PosixFileAttributes attributes) {
        int mode = 0;
        for (PosixFilePermission permission : attributes.permissions()) {
            mode |= 0400 >> permission.ordinal();
        }
        return mode;
    }

    private static Map<String, IndexEntry> byPath(Stream<IndexEntry> entries) {
        try (entries) {
            return entries.collect(Collectors.toMap(IndexEntry::path, Function.identity()));
        }
    }

    private static byte[] readBack(LtfsVolume volume, IndexEntry file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        volume.readFile(file, (offset, buffer, from, length) -> out.write(buffer, from, length));
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
