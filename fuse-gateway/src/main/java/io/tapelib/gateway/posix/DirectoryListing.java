package io.tapelib.gateway.posix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * The entries of one directory as readdir(3) shows them: each name with its inode number ({@code d_ino}) and kind
 * ({@code d_type}), without "." and "..", and optionally, for READDIRPLUS, each entry's full attributes where the
 * producer vouches that they are exactly what stat would answer ({@link #hasAttributes}). Compact for a listing cache
 * and for a FUSE filler: the names are kept as UTF-8 C strings back to back (each ends in NUL, the form libfuse's
 * filler takes), and one listing of 1,000 entries is a few arrays, not 1,000 objects. Immutable and thread-safe.
 */
public final class DirectoryListing {
    private static final DirectoryListing EMPTY = new DirectoryListing(new byte[0], new int[0], new long[0],
            new FileKind[0], null);
    /** Bytes of object headers and array headers a listing costs beyond its arrays' contents (for a cache's weight). */
    private static final int OVERHEAD_BYTES = 96;

    private final byte[] names;
    private final int[] offsets;
    private final long[] inodes;
    private final FileKind[] kinds;
    /** Null: names, inodes and kinds only. */
    private final EntryAttributes attributes;

    private DirectoryListing(byte[] names, int[] offsets, long[] inodes, FileKind[] kinds, EntryAttributes attributes) {
        this.names = names;
        this.offsets = offsets;
        this.inodes = inodes;
        this.kinds = kinds;
        this.attributes = attributes;
    }

    /**
     * What stat shows of each entry: permission bits (07777), owner, group, size in bytes, link count, and access,
     * modify and change times in nanoseconds since the epoch. A link count of 0 marks an entry whose attributes are
     * not given (the kernel must look it up).
     */
    private record EntryAttributes(int[] modes, int[] uids, int[] gids, long[] sizes, long[] nlinks, long[] atimes,
                                   long[] mtimes, long[] ctimes) {
        static EntryAttributes of(int capacity) {
            return new EntryAttributes(new int[capacity], new int[capacity], new int[capacity], new long[capacity],
                    new long[capacity], new long[capacity], new long[capacity], new long[capacity]);
        }

        EntryAttributes copyOf(int size) {
            return new EntryAttributes(Arrays.copyOf(modes, size), Arrays.copyOf(uids, size), Arrays.copyOf(gids, size),
                    Arrays.copyOf(sizes, size), Arrays.copyOf(nlinks, size), Arrays.copyOf(atimes, size),
                    Arrays.copyOf(mtimes, size), Arrays.copyOf(ctimes, size));
        }

        EntryAttributes withNlinks(long[] replaced) {
            return new EntryAttributes(modes, uids, gids, sizes, replaced, atimes, mtimes, ctimes);
        }

        int bytesPerEntry() {
            return 3 * Integer.BYTES + 5 * Long.BYTES;
        }
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

    /**
     * Whether entry {@code i} carries its full attributes ({@link #mode} and the others): exactly what stat of it
     * answered when the listing was made. False for a listing without attributes and for entries the producer could
     * not vouch for (the kernel looks those up).
     */
    public boolean hasAttributes(int i) {
        return attributes != null && attributes.nlinks[i] > 0;
    }

    /** Permission bits (07777) of entry {@code i}; only where {@link #hasAttributes}. */
    public int mode(int i) {
        return attributes.modes[i];
    }

    /** Owner of entry {@code i}; only where {@link #hasAttributes}. */
    public int uid(int i) {
        return attributes.uids[i];
    }

    /** Group of entry {@code i}; only where {@link #hasAttributes}. */
    public int gid(int i) {
        return attributes.gids[i];
    }

    /** Size of entry {@code i}, bytes; only where {@link #hasAttributes}. */
    public long size(int i) {
        return attributes.sizes[i];
    }

    /** Link count of entry {@code i} (directories: 2 + subdirectories); only where {@link #hasAttributes}. */
    public long nlink(int i) {
        return attributes.nlinks[i];
    }

    /** Last access of entry {@code i}, nanoseconds since the epoch; only where {@link #hasAttributes}. */
    public long atimeNanos(int i) {
        return attributes.atimes[i];
    }

    /** Last modification of entry {@code i}, nanoseconds since the epoch; only where {@link #hasAttributes}. */
    public long mtimeNanos(int i) {
        return attributes.mtimes[i];
    }

    /** Last change of entry {@code i}, nanoseconds since the epoch; only where {@link #hasAttributes}. */
    public long ctimeNanos(int i) {
        return attributes.ctimes[i];
    }

    /**
     * This listing with the attributes of the entries whose inode {@code stale} accepts taken away (those entries
     * keep their names, inodes and kinds): itself when none is accepted or it has no attributes. The copy shares
     * this listing's arrays but for the link counts.
     */
    public DirectoryListing withoutAttributesOf(LongPredicate stale) {
        if (attributes == null) {
            return this;
        }
        long[] nlinks = null;
        for (int i = 0; i < inodes.length; i++) {
            if (attributes.nlinks[i] > 0 && stale.test(inodes[i])) {
                if (nlinks == null) {
                    nlinks = attributes.nlinks.clone();
                }
                nlinks[i] = 0;
            }
        }
        return nlinks == null ? this
                : new DirectoryListing(names, offsets, inodes, kinds, attributes.withNlinks(nlinks));
    }

    /** This listing's names, inodes and kinds without any attributes (itself when it has none). */
    public DirectoryListing withoutAttributes() {
        return attributes == null ? this : new DirectoryListing(names, offsets, inodes, kinds, null);
    }

    /** Whether {@code other} has the same entries (names, inodes and kinds, in the same order) as this one. */
    public boolean sameEntries(DirectoryListing other) {
        if (other == this || other.names == names && other.inodes == inodes && other.kinds == kinds) {
            return true;
        }
        return Arrays.equals(names, other.names) && Arrays.equals(offsets, other.offsets)
                && Arrays.equals(inodes, other.inodes) && Arrays.equals(kinds, other.kinds);
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
     * Copies the name of entry {@code i} as a UTF-8 C string (its bytes and a NUL) into {@code target} at its position,
     * and advances the position.
     *
     * @throws java.nio.BufferOverflowException when the name and its NUL do not fit
     */
    public void copyName(int i, ByteBuffer target) {
        target.put(names, offsets[i], nameLength(i) + 1);
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
                if (attributes != null) {
                    builder.attributes(attributes.modes[i], attributes.uids[i], attributes.gids[i],
                            attributes.sizes[i], attributes.nlinks[i], attributes.atimes[i], attributes.mtimes[i],
                            attributes.ctimes[i]);
                }
            }
        }
        return builder.build();
    }

    /** Approximate bytes of heap this listing holds (for a cache bounded by weight). */
    public int weightBytes() {
        return OVERHEAD_BYTES + names.length + offsets.length * Integer.BYTES + inodes.length * Long.BYTES
                + kinds.length * Integer.BYTES + (attributes == null ? 0 : inodes.length * attributes.bytesPerEntry());
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
        /** Null until the first {@link #attributes} call. */
        private EntryAttributes attributes;
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
                if (attributes != null) {
                    attributes = attributes.copyOf(capacity);
                }
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

        /**
         * Gives the entry added last its full attributes, as stat shows them (see {@link #hasAttributes}); entries
         * given none have none. Times in nanoseconds since the epoch.
         *
         * @param mode  permission bits (07777)
         * @param nlink the link count, at least 1; 0 gives the entry no attributes
         * @throws IllegalStateException when no entry was added yet
         */
        public Builder attributes(int mode, int uid, int gid, long size, long nlink, long atimeNanos, long mtimeNanos,
                                  long ctimeNanos) {
            if (this.size == 0) {
                throw new IllegalStateException("no entry to give attributes to");
            }
            if (attributes == null) {
                attributes = EntryAttributes.of(offsets.length);
            }
            int i = this.size - 1;
            attributes.modes[i] = mode;
            attributes.uids[i] = uid;
            attributes.gids[i] = gid;
            attributes.sizes[i] = size;
            attributes.nlinks[i] = Math.max(0, nlink);
            attributes.atimes[i] = atimeNanos;
            attributes.mtimes[i] = mtimeNanos;
            attributes.ctimes[i] = ctimeNanos;
            return this;
        }

        /** The listing of the entries added so far, arrays trimmed to size. */
        public DirectoryListing build() {
            if (size == 0) {
                return EMPTY;
            }
            return new DirectoryListing(Arrays.copyOf(names, namesLength), Arrays.copyOf(offsets, size),
                    Arrays.copyOf(inodes, size), Arrays.copyOf(kinds, size),
                    attributes == null ? null : attributes.copyOf(size));
        }
    }
}
