package io.tapelib.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapelib.gateway.posix.FileKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DirtyRecord} as one small JSON document, and {@code <inode>.dirty} files holding one each. The live journal
 * keeps the documents in its append-only {@link DirtyLog}; {@code <inode>.dirty} files are what caches of before
 * session 16 hold (adopted at start into the log) and what set-aside entries are kept as, one per entry for start-up to
 * place and an operator to read. A file is written to a temporary file and renamed so that a crash leaves either the
 * old or the new record; a durable write also fsyncs the file before the rename and the directory after it. Extended
 * attribute values are base64 (RFC 4648 with padding, Jackson's default for binary values).
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

    /** @param durable fsync the record and the directory before returning */
    void write(DirtyRecord record, boolean durable) throws IOException {
        Path target = file(record.inode());
        Path temporary = directory.resolve(record.inode() + SUFFIX + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(bytes(record));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (durable) {
                channel.force(true);
            }
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            syncDirectory();
        }
    }

    /** The record's JSON document, UTF-8. */
    byte[] bytes(DirtyRecord record) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("inode", record.inode());
        node.put("path", record.path());
        node.put("size", record.size());
        node.put("mode", record.mode());
        node.put("uid", record.uid());
        node.put("gid", record.gid());
        node.put("mtime", record.mtime().toString());
        node.put("dirtySince", record.dirtySince().toString());
        node.put("kind", record.kind().name());
        node.put("atime", record.atime().toString());
        node.put("ctime", record.ctime().toString());
        if (record.symlinkTarget() != null) {
            node.put("symlinkTarget", record.symlinkTarget());
        }
        if (record.deviceNumber() != 0) {
            node.put("deviceNumber", record.deviceNumber());
        }
        if (!record.xattrs().isEmpty()) {
            // base64: values are arbitrary bytes (user.* attributes may be binary); Jackson encodes byte[] so
            ObjectNode xattrs = node.putObject("xattrs");
            record.xattrs().forEach(xattrs::put);
        }
        if (!record.links().isEmpty()) {
            ArrayNode links = node.putArray("links");
            record.links().forEach(links::add);
        }
        return json.writeValueAsBytes(node);
    }

    /**
     * Reads one record; fields that records written before issue 11 lack take their defaults (a file, times equal
     * to mtime, no target, device number, xattrs or further names).
     *
     * @throws IOException when the file cannot be read or is not a journal record (its content is in the message),
     *                     also for a kind this gateway does not know
     */
    DirtyRecord read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * A record from its JSON document; see {@link #read}.
     *
     * @param source where the bytes come from, for the message of the exception
     * @throws IOException when the bytes are not a journal record (their content is in the message)
     */
    DirtyRecord parse(byte[] bytes, String source) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("bad dirty journal record in " + source + ": " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException("bad dirty journal record in " + source + ": not a JSON object");
        }
        try {
            Instant mtime = Instant.parse(node.required("mtime").asText());
            Map<String, byte[]> xattrs = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> xattr : node.path("xattrs").properties()) {
                xattrs.put(xattr.getKey(), xattr.getValue().binaryValue());
            }
            List<String> links = new ArrayList<>();
            node.path("links").forEach(link -> links.add(link.asText()));
            return new DirtyRecord(node.required("inode").asLong(), node.required("path").asText(),
                    node.required("size").asLong(), node.required("mode").asInt(), node.required("uid").asInt(),
                    node.required("gid").asInt(), mtime, Instant.parse(node.required("dirtySince").asText()),
                    FileKind.valueOf(node.path("kind").asText(FileKind.FILE.name())), instant(node, "atime", mtime),
                    instant(node, "ctime", mtime), node.hasNonNull("symlinkTarget")
                            ? node.get("symlinkTarget").asText() : null,
                    node.path("deviceNumber").asLong(0), xattrs, links);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IOException("bad dirty journal " + source + " (" + node + "): " + e.getMessage(), e);
        }
    }

    private static Instant instant(JsonNode node, String field, Instant absent) {
        return node.hasNonNull(field) ? Instant.parse(node.get(field).asText()) : absent;
    }

    /**
     * Deletes the record. Not synced: the next commit makes the removal durable; a power loss before it brings the
     * record back, which start-up reconciliation settles (a clean row: the file is migrated again).
     */
    void delete(long inode) throws IOException {
        Files.deleteIfExists(file(inode));
    }

    void syncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
