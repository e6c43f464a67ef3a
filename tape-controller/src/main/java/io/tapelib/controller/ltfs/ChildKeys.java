package io.tapelib.controller.ltfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys of the on-disk tree's child map: the parent directory's node number (8 bytes), the child's fileuid (8 bytes,
 * sign bit flipped) and the child's name in UTF-8. Compared as unsigned bytes (the store's byte array order), so a
 * directory's children lie next to each other, ordered by fileuid as {@link Long#compare} orders it (then by name,
 * for indexes that repeat a fileuid): a range scan over the 8-byte prefix of a node yields its children in the order
 * the index is written.
 */
final class ChildKeys {

    static final int PREFIX_BYTES = Long.BYTES;
    private static final int NAME_OFFSET = 2 * Long.BYTES;

    private ChildKeys() {
    }

    static byte[] of(long parentNode, long fileUid, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(NAME_OFFSET + utf8.length)
                .putLong(parentNode)
                .putLong(fileUid ^ Long.MIN_VALUE)
                .put(utf8)
                .array();
    }

    /** The smallest key of a node's children. */
    static byte[] prefix(long node) {
        return ByteBuffer.allocate(PREFIX_BYTES).putLong(node).array();
    }

    static long parentNode(byte[] key) {
        return ByteBuffer.wrap(key).getLong(0);
    }

    static String name(byte[] key) {
        return new String(key, NAME_OFFSET, key.length - NAME_OFFSET, StandardCharsets.UTF_8);
    }
}
