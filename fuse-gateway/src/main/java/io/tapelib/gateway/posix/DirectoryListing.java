package io.tapelib.gateway.posix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The entries of one directory as readdir(3) shows them, and no more: each name with its inode number
 * ({@code d_ino}) and kind ({@code d_type}), without "." and "..". Compact for a listing cache and for a FUSE
 * filler: the names are kept as UTF-8 C strings back to back (each ends in NUL, the form libfuse's filler takes),
 * and one listing of 1,000 entries is a few arrays, not 1,000 objects. Immutable and thread-safe.
 */
public final class DirectoryListing {
    private static final DirectoryListing EMPTY = new DirectoryListing(new byte[0], new int[0], new long[0],
            new FileKind[0]);
    /** Bytes of object headers and array headers a listing costs beyond its arrays' contents (for a cache's weight). */
    private static final int OVERHEAD_BYTES = 96;

    private final byte[] names;
    private final int[] offsets;
    private final long[] inodes;
    private final FileKind[] kinds;

    private DirectoryListing(byte[] names, int[] offsets, long[] inodes, FileKind[] kinds) {
        this.names = names;
        this.offsets = offsets;
        this.inodes = inodes;
        this.kinds = kinds;
    }

    /** A listing with no entries. */
    public static DirectoryListing empty() {
        return EMPTY;
    }

    /** A builder for a listing of about {@code expectedEntries} entries, kept in the order they are added. */
    public static Builder builder(int expectedEntries) {
        return new Builder(expectedEntries);
    }

    /** Number of entries. */
    public int size() {
        return inodes.length;
    }

    /** Inode number of entry {@code i} (0-based). */
    public long inode(int i) {
        return inodes[i];
    }

    /** Kind of entry {@code i}: the file type readdir reports. */
    public FileKind kind(int i) {
        return kinds[i];
    }

    /** Name of entry {@code i}, decoded (allocates; the filler path uses {@link #nameOffset} instead). */
    public String name(int i) {
        return new String(names, offsets[i], nameLength(i), StandardCharsets.UTF_8);
    }

    /** Where entry {@code i}'s NUL-terminated UTF-8 name starts in the bytes {@link #copyNames} copies, bytes. */
    public int nameOffset(int i) {
        return offsets[i];
    }

    /** Bytes of all names with their NULs: what {@link #copyNames} copies. */
    public int namesLength() {
        return names.length;
    }

    /**
     * Copies every name as a UTF-8 C string, back to back in entry order, into {@code target} at its position, and
     * advances the position by {@link #namesLength()} bytes.
     *
     * @throws java.nio.BufferOverflowException when fewer than {@link #namesLength()} bytes remain
     */
    public void copyNames(ByteBuffer target) {
        target.put(names);
    }

    /** The index of the entry named {@code name}, or -1. */
    public int indexOf(String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < inodes.length; i++) {
            int length = nameLength(i);
            if (length == wanted.length
                    && Arrays.equals(names, offsets[i], offsets[i] + length, wanted, 0, wanted.length)) {
                return i;
            }
        }
        return -1;
    }

    /** This listing without the entry {@code name}: itself when it has no such entry. */
    public DirectoryListing without(String name) {
        int index = indexOf(name);
        if (index < 0) {
            return this;
        }
        Builder builder = builder(size() - 1);
        for (int i = 0; i < size(); i++) {
            if (i != index) {
                builder.add(Arrays.copyOfRange(names, offsets[i], offsets[i] + nameLength(i)), inodes[i], kinds[i]);
            }
        }
        return builder.build();
    }

    /** Approximate bytes of heap this listing holds (for a cache bounded by weight). */
    public int weightBytes() {
        return OVERHEAD_BYTES + names.length + offsets.length * Integer.BYTES + inodes.length * Long.BYTES
                + kinds.length * Integer.BYTES;
    }

    private int nameLength(int i) {
        int end = i + 1 < offsets.length ? offsets[i + 1] : names.length;
        return end - offsets[i] - 1;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("DirectoryListing[");
        for (int i = 0; i < size(); i++) {
            text.append(i == 0 ? "" : ", ").append(name(i)).append('=').append(inodes[i]).append('/').append(kinds[i]);
        }
        return text.append(']').toString();
    }

    /** Collects entries in order; not thread-safe; use once. */
    public static final class Builder {
        private byte[] names;
        private int namesLength;
        private int[] offsets;
        private long[] inodes;
        private FileKind[] kinds;
        private int size;

        private Builder(int expectedEntries) {
            int capacity = Math.max(expectedEntries, 4);
            names = new byte[capacity * 16];
            offsets = new int[capacity];
            inodes = new long[capacity];
            kinds = new FileKind[capacity];
        }

        /** Adds an entry; {@code name} must not contain NUL or '/' (a catalog name never does). */
        public Builder add(String name, long inode, FileKind kind) {
            return add(name.getBytes(StandardCharsets.UTF_8), inode, kind);
        }

        /**
         * Adds an entry by its UTF-8 name (as SQLite stores TEXT), without a NUL: the builder adds it.
         *
         * @throws IllegalArgumentException when the name contains a NUL byte (it would end the C string early)
         */
        public Builder add(byte[] utf8Name, long inode, FileKind kind) {
            Objects.requireNonNull(kind, "kind");
            for (byte b : utf8Name) {
                if (b == 0) {
                    throw new IllegalArgumentException("a name with a NUL byte cannot be listed");
                }
            }
            if (size == offsets.length) {
                int capacity = size * 2;
                offsets = Arrays.copyOf(offsets, capacity);
                inodes = Arrays.copyOf(inodes, capacity);
                kinds = Arrays.copyOf(kinds, capacity);
            }
            if (namesLength + utf8Name.length + 1 > names.length) {
                names = Arrays.copyOf(names, Math.max(names.length * 2, namesLength + utf8Name.length + 1));
            }
            offsets[size] = namesLength;
            inodes[size] = inode;
            kinds[size] = kind;
            System.arraycopy(utf8Name, 0, names, namesLength, utf8Name.length);
            namesLength += utf8Name.length + 1;   // the array is zeroed: the NUL is already there
            size++;
            return this;
        }

        /** The listing of the entries added so far, arrays trimmed to size. */
        public DirectoryListing build() {
            if (size == 0) {
                return EMPTY;
            }
            return new DirectoryListing(Arrays.copyOf(names, namesLength), Arrays.copyOf(offsets, size),
                    Arrays.copyOf(inodes, size), Arrays.copyOf(kinds, size));
        }
    }
}
