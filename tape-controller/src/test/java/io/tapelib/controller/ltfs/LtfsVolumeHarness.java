package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the LTFS volume tests share: a virtual tape library in a temporary directory (closed after each test), drives
 * loaded from it, files of the JDK to write, and their bytes and hashes read back.
 */
abstract class LtfsVolumeHarness {

    static final Path JDK = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    static final String TAG = "TL0001L5";
    static final LtfsFormatOptions SMALL = new LtfsFormatOptions(LtfsFormatOptions.DEFAULT_BLOCK_SIZE, 4L << 20);

    @TempDir
    Path dir;

    VirtualLibrary library;

    @AfterEach
    void close() {
        if (library != null) {
            library.close();
        }
    }

    /** A drive of a new virtual library of {@code cartridgeBytes} cartridges, loaded from {@code slot}. */
    TapeDrive loadedDrive(long cartridgeBytes, int slot) throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"),
                VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(cartridgeBytes));
        library.changer().load(slot, 0);
        TapeDrive drive = library.drives().get(0);
        drive.load();
        return drive;
    }

    /** Unloads the cartridge to its slot and loads it again, as a later job would. */
    TapeDrive reload(TapeDrive drive, int slot) {
        drive.unload();
        library.changer().unload(0, slot);
        library.changer().load(slot, 0);
        drive.load();
        return drive;
    }

    /** A file's or directory's metadata for the volume, its times those of {@code source}. */
    static FileMetadata metadataOf(Path source, String path, EntryKind kind) throws IOException {
        FileTime modified = Files.getLastModifiedTime(source);
        Instant time = modified.toInstant();
        return new FileMetadata(path, kind, kind == EntryKind.DIRECTORY ? 0750 : 0640, 1000, 1000, time, time, time,
                time, null);
    }

    /** Writes {@code source}'s content to the volume at {@code path}. */
    static WrittenFile write(LtfsVolume volume, Path source, String path) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return volume.writeFile(metadataOf(source, path, EntryKind.FILE), in, Files.size(source));
        }
    }

    /** The SHA-256 of {@code bytes}, lower-case hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's content as the volume reads it back, checking that its pieces arrive in order. */
    static byte[] readBack(LtfsVolume volume, IndexEntry file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        volume.readFile(file, (offset, buffer, from, length) -> {
            assertThat(offset).isEqualTo(out.size());
            out.write(buffer, from, length);
        });
        return out.toByteArray();
    }
}
