package io.tapelib.gateway.control;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The inode numbers ({@code st_ino}, the mount runs with {@code use_ino}) of the control directory's entries: above
 * 2^62, far from the catalog's ids, so that no tool takes one of them for a file of the tree. An entry of a
 * cartridge's tree gets one made of its cartridge (22 bits of a CRC-32 of the volume tag) and its catalog inode id
 * (the low 40 bits): the same path on two cartridges has two numbers. Two volume tags whose CRCs agree in 22 bits
 * share numbers; that only matters to tools that match hard links by number, and these entries all have one link.
 */
final class ControlInodes {
    private static final long BASE = 1L << 62;
    private static final int INODE_BITS = 40;
    private static final long INODE_MASK = (1L << INODE_BITS) - 1;
    private static final long TAG_MASK = (1L << 21) - 1;

    static final long ROOT = BASE;
    static final long STATUS = BASE + 1;
    static final long LOST = BASE + 2;
    static final long QUEUE = BASE + 3;
    static final long TAPES = BASE + 4;

    private ControlInodes() {
    }

    /** The number of the entry with catalog inode id {@code inode} in the tree of cartridge {@code volumeTag}. */
    static long tapeEntry(String volumeTag, long inode) {
        CRC32 crc = new CRC32();
        crc.update(volumeTag.getBytes(StandardCharsets.UTF_8));
        // + 1: never 0, so never one of the fixed numbers above
        long tag = (crc.getValue() & TAG_MASK) + 1;
        return BASE | (tag << INODE_BITS) | (inode & INODE_MASK);
    }
}
