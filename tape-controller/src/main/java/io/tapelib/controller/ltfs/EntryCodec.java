package io.tapelib.controller.ltfs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of an {@link IndexEntry} in the on-disk tree of a mounted volume: every field but the path, which the
 * store keeps in its keys. Big-endian fixed-width numbers ({@link DataOutputStream}) and strings as a 4-byte length
 * plus UTF-8 (not {@code writeUTF}, which stops at 65,535 bytes: extended attribute values may be longer).
 *
 * <p>Layout: flags short (kind in bits 0-2, readonly bit 3, then one presence bit per nullable field: the four times
 * and the symbolic link target), length, mode, uid, gid, fileuid, device number, link group, the present times
 * (epoch seconds, nanoseconds), the link target, extents (count, then partition, start block, byte offset, byte
 * count, file offset each) and extended attributes (count, then name and value bytes). The store is a scratch copy rebuilt from tape at every mount, so
 * the layout carries no version.
 */
final class EntryCodec {

    private static final EntryKind[] KINDS = EntryKind.values();
    private static final int KIND_BITS = 7;
    private static final int READONLY = 1 << 3;
    private static final int FIRST_PRESENCE_BIT = 4;

    private EntryCodec() {
    }

    static byte[] encode(IndexEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Instant[] times = times(entry);
            int flags = entry.kind().ordinal() | (entry.readonly() ? READONLY : 0);
            for (int i = 0; i < times.length; i++) {
                flags |= times[i] != null ? 1 << (FIRST_PRESENCE_BIT + i) : 0;
            }
            flags |= entry.symlinkTarget() != null ? 1 << (FIRST_PRESENCE_BIT + times.length) : 0;
            out.writeShort(flags);
            out.writeLong(entry.length());
            out.writeInt(entry.mode());
            out.writeInt(entry.uid());
            out.writeInt(entry.gid());
            out.writeLong(entry.fileUid());
            out.writeLong(entry.deviceNumber());
            writeString(out, entry.linkGroup());
            for (Instant time : times) {
                if (time != null) {
                    out.writeLong(time.getEpochSecond());
                    out.writeInt(time.getNano());
                }
            }
            if (entry.symlinkTarget() != null) {
                writeString(out, entry.symlinkTarget());
            }
            out.writeInt(entry.extents().size());
            for (Extent extent : entry.extents()) {
                out.writeInt(extent.partition());
                out.writeLong(extent.startBlock());
                out.writeLong(extent.byteOffset());
                out.writeLong(extent.byteCount());
                out.writeLong(extent.fileOffset());
            }
            out.writeInt(entry.xattrs().size());
            for (Map.Entry<String, XattrValue> xattr : entry.xattrs().entrySet()) {
                writeString(out, xattr.getKey());
                byte[] value = xattr.getValue().bytes();
                out.writeInt(value.length);
                out.write(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param path   the entry's path, which the bytes do not hold
     * @param offset where the {@link #encode} bytes start in {@code bytes}
     * @throws IllegalArgumentException bytes that {@link #encode} did not write (a damaged store)
     */
    static IndexEntry decode(String path, byte[] bytes, int offset) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, bytes.length - offset))) {
            int flags = in.readUnsignedShort();
            EntryKind kind = KINDS[flags & KIND_BITS];
            long length = in.readLong();
            int mode = in.readInt();
            int uid = in.readInt();
            int gid = in.readInt();
            long fileUid = in.readLong();
            long deviceNumber = in.readLong();
            String linkGroup = readString(in);
            Instant[] times = new Instant[4];
            for (int i = 0; i < times.length; i++) {
                if ((flags & (1 << (FIRST_PRESENCE_BIT + i))) != 0) {
                    times[i] = Instant.ofEpochSecond(in.readLong(), in.readInt());
                }
            }
            String symlinkTarget = (flags & (1 << (FIRST_PRESENCE_BIT + times.length))) != 0 ? readString(in) : null;
            int extentCount = in.readInt();
            List<Extent> extents = new ArrayList<>(extentCount);
            for (int i = 0; i < extentCount; i++) {
                extents.add(new Extent(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
            }
            int xattrCount = in.readInt();
            Map<String, XattrValue> xattrs = new HashMap<>(xattrCount * 2);
            for (int i = 0; i < xattrCount; i++) {
                String key = readString(in);
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                xattrs.put(key, XattrValue.of(value));
            }
            return new IndexEntry(path, kind, length, mode, uid, gid, times[0], times[1], times[2], times[3],
                    symlinkTarget, extents, xattrs, fileUid, (flags & READONLY) != 0, deviceNumber, linkGroup);
        } catch (IOException | ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("damaged tree store record for '" + path + "' (" + bytes.length
                    + " bytes): " + e, e);
        }
    }

    private static Instant[] times(IndexEntry entry) {
        return new Instant[] {entry.creationTime(), entry.changeTime(), entry.modifyTime(), entry.accessTime()};
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
