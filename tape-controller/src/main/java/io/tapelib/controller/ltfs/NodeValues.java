package io.tapelib.controller.ltfs;

import java.nio.ByteBuffer;

/**
 * Values of the on-disk tree's two maps ({@link NamespaceTree}): the node number of a directory (8 bytes, big-endian;
 * {@value #NO_NODE} for other kinds) followed by the rest, the {@link EntryCodec} bytes in the child map and the
 * {@link ChildKeys child key} in the path map. Node numbers are the tree's own, the root's is {@value #ROOT_NODE}.
 */
final class NodeValues {

    static final long ROOT_NODE = 0;
    static final long NO_NODE = -1;

    private NodeValues() {
    }

    static byte[] withNode(long node, byte[] rest) {
        return ByteBuffer.allocate(Long.BYTES + rest.length).putLong(node).put(rest).array();
    }

    static long nodeOf(byte[] withNode) {
        return ByteBuffer.wrap(withNode).getLong(0);
    }

    static byte[] withoutNode(byte[] withNode) {
        byte[] rest = new byte[withNode.length - Long.BYTES];
        System.arraycopy(withNode, Long.BYTES, rest, 0, rest.length);
        return rest;
    }
}
