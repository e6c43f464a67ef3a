package io.tapelib.gateway.cache;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The dirty journal on disk since session 16: one append-only file, {@code objects/dirty.journal}, of framed entries,
 * each a dirty entry's newest record (its {@link DirtyJournal} JSON) or the removal of one. A commit appends what
 * changed since the last one in one write, where one file per record cost a create and a rename each (and an unlink
 * when the entry went clean), most of the commit thread's time when small files are created (issue 12).
 *
 * <p>Frame: payload length (int, bytes), inode id (long), type (byte: 1 record, 2 removal), CRC32C (int) of the
 * 13 bytes before it and of the payload, then the payload; big-endian. The file starts with {@link #MAGIC}. Opening
 * reads the frames in order and stops at the first that is incomplete or fails its CRC: the torn tail a crash or power
 * loss left in the middle of an append. That tail is cut off (logged), so that appends go on after the last good frame;
 * the records it held are the newest, which start-up reconciliation writes again from the catalog's dirty rows.
 * When the file has grown to {@link #COMPACT_FACTOR} times the bytes of the live records (and at least
 * {@link #COMPACT_MIN_BYTES}), {@link #compactIfWorthIt} rewrites it with the live records only, through a temporary
 * file renamed over it.
 *
 * <p>Not thread-safe: the cache's lock guards it. Durability is the caller's: an append is in the kernel's page cache
 * when it returns (a gateway crash keeps it) and reaches stable storage at {@link #force} or at the commit's syncfs.
 */
final class DirtyLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());
    static final String NAME = "dirty.journal";
    static final byte[] MAGIC = "tapelib dirty journal 1\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 4 + 8 + 1 + 4;
    static final byte RECORD = 1;
    static final byte REMOVAL = 2;
    /** No record is near this (xattr values are at most 64 KiB each); a larger length is a damaged frame. */
    private static final int MAX_PAYLOAD = 64 << 20;
    static final long COMPACT_MIN_BYTES = 1 << 20;
    static final int COMPACT_FACTOR = 4;

    /** Where an inode's newest record lies: the frame's offset and its whole length (header and payload), bytes. */
    private record Slot(long offset, int length) {
    }

    private final Path directory;
    private final Path file;
    private final DirtyJournal json;
    private final Map<Long, Slot> live = new HashMap<>();
    private FileChannel channel;
    /** Bytes of good frames: where the next append goes. */
    private long end;
    /** Bytes the live records' frames take. */
    private long liveBytes;
    private long compactMinBytes = COMPACT_MIN_BYTES;

    private DirtyLog(Path directory, DirtyJournal json) {
        this.directory = directory;
        this.file = directory.resolve(NAME);
        this.json = json;
    }

    /**
     * Opens the journal in {@code directory} and reads which records are live; a torn tail is cut off. A missing
     * journal is created, durably, at the first append.
     *
     * @throws IOException when the file cannot be created or read, or is not a dirty journal (wrong first bytes)
     */
    static DirtyLog open(Path directory, DirtyJournal json) throws IOException {
        DirtyLog log = new DirtyLog(directory, json);
        if (!Files.exists(log.file)) {
            return log;   // made by the first append: a cache that never held a dirty entry has no journal
        }
        log.channel = FileChannel.open(log.file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            log.replay();
        } catch (IOException | RuntimeException e) {
            log.channel.close();
            throw e;
        }
        return log;
    }

    /** For tests: the size from which {@link #compactIfWorthIt} considers compacting, bytes. */
    void compactFrom(long bytes) {
        this.compactMinBytes = bytes;
    }

    /** The inodes with a live record. */
    Set<Long> inodes() {
        return Set.copyOf(live.keySet());
    }

    boolean has(long inode) {
        return live.containsKey(inode);
    }

    /** The file's length in use, bytes. */
    long size() {
        return end;
    }

    /**
     * Appends the records in one write; each becomes its inode's live record.
     *
     * @throws IOException when the write fails (the file is cut back, none of them is live)
     */
    void append(List<DirtyRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        ensureFile();
        List<byte[]> payloads = new ArrayList<>(records.size());
        int total = 0;
        for (DirtyRecord record : records) {
            byte[] payload = json.bytes(record);
            payloads.add(payload);
            total += HEADER + payload.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        long[] offsets = new long[records.size()];
        for (int i = 0; i < records.size(); i++) {
            offsets[i] = end + buffer.position();
            frame(buffer, records.get(i).inode(), RECORD, payloads.get(i));
        }
        write(buffer);
        for (int i = 0; i < records.size(); i++) {
            setLive(records.get(i).inode(), new Slot(offsets[i], HEADER + payloads.get(i).length));
        }
    }

    /**
     * Appends the removal of an inode's record (nothing when it has none).
     *
     * @throws IOException when the write fails (the record stays live)
     */
    void remove(long inode) throws IOException {
        if (!live.containsKey(inode)) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER);
        frame(buffer, inode, REMOVAL, new byte[0]);
        write(buffer);
        setLive(inode, null);
    }

    /**
     * The inode's live record.
     *
     * @throws IOException when it cannot be read or no longer matches its CRC
     */
    DirtyRecord read(long inode) throws IOException {
        Slot slot = live.get(inode);
        if (slot == null) {
            throw new IOException("the dirty journal " + file + " holds no record of inode " + inode);
        }
        ByteBuffer frame = ByteBuffer.allocate(slot.length());
        while (frame.hasRemaining()) {
            if (channel.read(frame, slot.offset() + frame.position()) < 0) {
                throw new EOFException("the dirty journal " + file + " ends inside the record of inode " + inode);
            }
        }
        byte[] bytes = frame.array();
        if (crc(bytes, 0, bytes, HEADER, bytes.length - HEADER) != frame.getInt(HEADER - 4)) {
            throw new IOException("the record of inode " + inode + " at byte " + slot.offset() + " of " + file
                    + " fails its CRC");
        }
        return json.parse(Arrays.copyOfRange(bytes, HEADER, bytes.length), file + " at byte " + slot.offset());
    }

    /** fdatasync: what was appended is on stable storage when this returns. */
    void force() throws IOException {
        if (channel != null) {
            channel.force(false);
        }
    }

    /**
     * Rewrites the file with the live records only when it has grown to {@link #COMPACT_FACTOR} times their bytes and
     * to at least 1 MiB; durable (the new file is fsynced before it replaces the old one, and the directory after).
     *
     * @return true when compacted
     * @throws IOException when the new file cannot be written or renamed (the old one stays in use)
     */
    boolean compactIfWorthIt() throws IOException {
        if (channel == null || end < compactMinBytes || end < (long) COMPACT_FACTOR * (MAGIC.length + liveBytes)) {
            return false;
        }
        long before = end;
        List<Map.Entry<Long, Slot>> slots = new ArrayList<>(live.entrySet());
        slots.sort((x, y) -> Long.compare(x.getValue().offset(), y.getValue().offset()));
        writeNewFile(slots.stream().map(Map.Entry::getValue).toList());
        channel.close();
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long offset = MAGIC.length;
        for (Map.Entry<Long, Slot> entry : slots) {
            live.put(entry.getKey(), new Slot(offset, entry.getValue().length()));
            offset += entry.getValue().length();
        }
        end = offset;
        LOG.log(Level.FINE, "dirty journal {0} compacted from {1} to {2} bytes ({3} records)",
                new Object[] {file, before, end, live.size()});
        return true;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * Writes each live record of the journal in {@code directory} (if any) as its own {@code <inode>.dirty} file there,
     * durably, then deletes the journal: for a cache set aside whole, whose entries start-up places one by one and an
     * operator inspects one by one.
     *
     * @return the number of records written
     * @throws IOException when the journal cannot be read or a file cannot be written (the journal then stays)
     */
    static int explode(Path directory, DirtyJournal json) throws IOException {
        Path file = directory.resolve(NAME);
        if (!Files.exists(file)) {
            return 0;
        }
        int written = 0;
        try (DirtyLog log = open(directory, json)) {
            for (long inode : log.inodes()) {
                json.write(log.read(inode), true);
                written++;
            }
        }
        Files.delete(file);
        json.syncDirectory();
        return written;
    }

    private void setLive(long inode, Slot slot) {
        Slot previous = slot == null ? live.remove(inode) : live.put(inode, slot);
        liveBytes += (slot == null ? 0 : slot.length()) - (previous == null ? 0 : previous.length());
    }

    /** Creates the journal, durably, if it does not exist yet. */
    private void ensureFile() throws IOException {
        if (channel == null) {
            writeNewFile(List.of());
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            end = MAGIC.length;
        }
    }

    private void write(ByteBuffer buffer) throws IOException {
        buffer.flip();
        long position = end;
        try {
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        } catch (IOException e) {
            // a partial frame must not stay, nor whole frames of a failed append that a later shorter one would expose
            try {
                channel.truncate(end);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        end = position;
    }

    private static void frame(ByteBuffer buffer, long inode, byte type, byte[] payload) {
        int start = buffer.position();
        buffer.putInt(payload.length).putLong(inode).put(type);
        buffer.putInt(crc(buffer.array(), start, payload, 0, payload.length));
        buffer.put(payload);
    }

    /** CRC32C of a frame's first 13 header bytes (from {@code headerOffset}) and of its payload. */
    private static int crc(byte[] header, int headerOffset, byte[] payload, int payloadOffset, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(header, headerOffset, HEADER - 4);
        crc.update(payload, payloadOffset, payloadLength);
        return (int) crc.getValue();
    }

    /**
     * Writes {@link #MAGIC} and the frames at {@code slots} of the current file (in that order) to a temporary file,
     * forced, then renamed to the journal, the directory synced.
     */
    private void writeNewFile(List<Slot> slots) throws IOException {
        Path temporary = directory.resolve(NAME + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            buffer.put(MAGIC);
            for (Slot slot : slots) {
                if (buffer.remaining() < slot.length()) {
                    drain(out, buffer);
                    if (buffer.capacity() < slot.length()) {
                        buffer = ByteBuffer.allocate(slot.length());
                    }
                }
                int limit = buffer.limit();
                buffer.limit(buffer.position() + slot.length());
                long from = slot.offset();
                while (buffer.hasRemaining()) {
                    int read = channel.read(buffer, from);
                    if (read < 0) {
                        throw new EOFException("the dirty journal " + file + " ends inside a live record");
                    }
                    from += read;
                }
                buffer.limit(limit);
            }
            drain(out, buffer);
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        json.syncDirectory();
    }

    private static void drain(FileChannel out, ByteBuffer buffer) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }

    /** Reads the frames in order into {@link #live}; cuts a torn tail off. */
    private void replay() throws IOException {
        long size = channel.size();
        InputStream stream = new BufferedInputStream(Channels.newInputStream(channel.position(0)), 1 << 16);
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[MAGIC.length];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            magic = new byte[0];
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + " is not a dirty journal (its first bytes are not \""
                    + new String(MAGIC, StandardCharsets.US_ASCII).trim() + "\")");
        }
        long position = MAGIC.length;
        byte[] header = new byte[HEADER];
        String torn = null;
        while (position < size) {
            if (size - position < HEADER) {
                torn = "an incomplete frame header";
                break;
            }
            in.readFully(header);
            ByteBuffer fields = ByteBuffer.wrap(header);
            int length = fields.getInt();
            long inode = fields.getLong();
            byte type = fields.get();
            int expected = fields.getInt();
            if (length < 0 || length > MAX_PAYLOAD || size - position - HEADER < length
                    || (type != RECORD && type != REMOVAL) || (type == REMOVAL && length != 0)) {
                torn = "a frame that is incomplete or damaged";
                break;
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (crc(header, 0, payload, 0, length) != expected) {
                torn = "a frame that fails its CRC";
                break;
            }
            setLive(inode, type == RECORD ? new Slot(position, HEADER + length) : null);
            position += HEADER + length;
        }
        end = position;
        if (torn != null) {
            LOG.log(Level.WARNING, "dirty journal {0}: {1} at byte {2}; the last {3} bytes, written when the gateway"
                    + " stopped, are cut off (start-up writes the records of dirty entries that lack one again)",
                    new Object[] {file, torn, position, size - position});
            channel.truncate(position);
            channel.force(true);
        }
    }
}
