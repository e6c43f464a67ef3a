package io.tapelib.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** What the system tests check of files: their extended attributes, digests, and generated content. */
final class MountFiles {
    private static final int BLOCK = 1 << 20;

    private MountFiles() {
    }

    /** A {@code user.} extended attribute as the mount shows it, {@code name} without the prefix. */
    static String xattr(Path file, String name) {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            // room beyond the size asked a moment ago: the state may change from "dirty" to "cached" in between
            ByteBuffer buffer = ByteBuffer.allocate(view.size(name) + 256);
            view.read(name, buffer);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading user." + name + " of " + file, e);
        }
    }

    /** The volume tags of {@code user.tapelib.tapes}: every cartridge with a current copy of the file; empty when none. */
    static List<String> tapes(Path file) {
        String tapes = xattr(file, "tapelib.tapes");
        return tapes.isBlank() ? List.of() : Arrays.stream(tapes.split(",")).map(String::trim).toList();
    }

    /**
     * SHA-256 (hex) of a file read with O_DIRECT ({@code dd iflag=direct}): the kernel's page cache may hold the file,
     * these reads reach the mount (which recalls it when the gateway's cache was evicted).
     */
    static String directSha256(Path file) throws IOException, InterruptedException {
        return Commands.run("sh", "-c", "dd if='" + file + "' iflag=direct bs=1M status=none | sha256sum")
                .requireSuccess("dd " + file).stdout().split(" ")[0];
    }

    /** SHA-256 (hex) of a file, read front to back in 1 MiB reads. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BLOCK];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 (hex) of {@code bytes}. */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** Writes {@code bytes} random bytes (from /dev/urandom) to {@code file}. */
    static void randomFile(Path file, long bytes) throws IOException, InterruptedException {
        Commands.run("sh", "-c", "head -c " + bytes + " /dev/urandom > '" + file + "'").requireSuccess("make " + file);
    }

    /**
     * Writes {@code length} bytes that differ in every MiB (a seeded random MiB stamped with its offset, so bytes
     * delivered out of order change the digest) and returns their SHA-256 (hex).
     */
    static String writeGenerated(Path file, long length, long seed) throws IOException {
        MessageDigest digest = sha256();
        byte[] block = new byte[BLOCK];
        new Random(seed).nextBytes(block);
        ByteBuffer stamp = ByteBuffer.wrap(block);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long offset = 0; offset < length; offset += BLOCK) {
                stamp.putLong(0, offset);
                int n = (int) Math.min(BLOCK, length - offset);
                digest.update(block, 0, n);
                ByteBuffer bytes = ByteBuffer.wrap(block, 0, n);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Sum of the sizes of the regular files below {@code directory}, bytes (files vanishing meanwhile count 0). */
    static long treeBytes(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.mapToLong(file -> {
                try {
                    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (UncheckedIOException e) {
            return treeBytes(directory);   // a directory entry vanished during the walk: look again
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
