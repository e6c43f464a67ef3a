package io.tapelib.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Reads and writes {@code <inode>.dirty} files: one small JSON document per dirty object, written to a
 * temporary file, fsynced and renamed so that a crash leaves either the old or the new record.
 */
final class DirtyJournal {
    static final String SUFFIX = ".dirty";

    private final Path directory;
    private final ObjectMapper json = new ObjectMapper();

    DirtyJournal(Path directory) {
        this.directory = directory;
    }

    Path file(long inode) {
        return directory.resolve(inode + SUFFIX);
    }

    void write(DirtyRecord record) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("inode", record.inode());
        node.put("path", record.path());
        node.put("size", record.size());
        node.put("mode", record.mode());
        node.put("uid", record.uid());
        node.put("gid", record.gid());
        node.put("mtime", record.mtime().toString());
        node.put("dirtySince", record.dirtySince().toString());
        Path target = file(record.inode());
        Path temporary = directory.resolve(record.inode() + SUFFIX + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(json.writeValueAsBytes(node));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /**
     * @throws IOException when the file cannot be read or is not a journal record (its content is in the message)
     */
    DirtyRecord read(Path file) throws IOException {
        JsonNode node = json.readTree(file.toFile());
        try {
            return new DirtyRecord(node.required("inode").asLong(), node.required("path").asText(),
                    node.required("size").asLong(), node.required("mode").asInt(), node.required("uid").asInt(),
                    node.required("gid").asInt(), Instant.parse(node.required("mtime").asText()),
                    Instant.parse(node.required("dirtySince").asText()));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IOException("bad dirty journal " + file + " (" + node + "): " + e.getMessage(), e);
        }
    }

    void delete(long inode) throws IOException {
        if (Files.deleteIfExists(file(inode))) {
            syncDirectory();
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
