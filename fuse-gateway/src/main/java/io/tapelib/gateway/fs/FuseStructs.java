package io.tapelib.gateway.fs;

import io.tapelib.gateway.namespace.FileAttributes;
import io.tapelib.gateway.namespace.FilesystemStats;
import io.tapelib.gateway.namespace.TimeChange;
import io.tapelib.gateway.posix.DirectoryListing;
import io.tapelib.gateway.posix.FileKind;
import java.time.Instant;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/** Translation between the kernel's structures as libfuse 2 passes them and the namespace's records. */
final class FuseStructs {
    private static final int PERMISSION_BITS = 07777;
    private static final int STAT_BLOCK_SIZE = 512;
    /** statfs block size in bytes; sizes are reported as counts of these. */
    private static final int STATFS_BLOCK_SIZE = 4096;
    /** Preferred I/O size reported by stat: the mount's max_write, so cp writes whole FUSE requests. */
    private static final int PREFERRED_IO_SIZE = 131_072;

    /** Linux utimensat(2) special nanosecond values (include/uapi/linux/stat.h). */
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private FuseStructs() {
    }

    /** The kind mknod(2)'s mode asks for (S_IFMT bits; none is a regular file), or null for one it cannot make. */
    static FileKind kindOf(long mode) {
        return switch ((int) mode & FileStat.S_IFMT) {
            case FileStat.S_IFREG, 0 -> FileKind.FILE;
            case FileStat.S_IFIFO -> FileKind.FIFO;
            case FileStat.S_IFCHR -> FileKind.CHARACTER_DEVICE;
            case FileStat.S_IFBLK -> FileKind.BLOCK_DEVICE;
            case FileStat.S_IFSOCK -> FileKind.SOCKET;
            default -> null;
        };
    }

    static void fillStat(FileAttributes attributes, FileStat stat) {
        stat.st_mode.set(typeBits(attributes.kind()) | (attributes.mode() & PERMISSION_BITS));
        stat.st_ino.set(attributes.inode());
        stat.st_nlink.set(attributes.nlink());
        stat.st_rdev.set(attributes.rdev());
        stat.st_uid.set(attributes.uid());
        stat.st_gid.set(attributes.gid());
        stat.st_size.set(attributes.size());
        stat.st_blksize.set(PREFERRED_IO_SIZE);
        stat.st_blocks.set((attributes.size() + STAT_BLOCK_SIZE - 1) / STAT_BLOCK_SIZE);
        setTime(stat.st_atim, attributes.atime());
        setTime(stat.st_mtim, attributes.mtime());
        setTime(stat.st_ctim, attributes.ctime());
    }

    /**
     * The stat of entry {@code i} of a listing that {@link DirectoryListing#hasAttributes has its attributes}, field
     * for field what {@link #fillStat} writes for the same attributes (a READDIRPLUS entry is cached as getattr's
     * answer): type and permission bits, inode number, link count, owner, group, size, preferred I/O size, 512-byte
     * blocks, the three times, and no device number (devices are listed without attributes).
     */
    static void fillListedStat(DirectoryListing listing, int i, FileStat stat) {
        long size = listing.size(i);
        stat.st_mode.set(typeBits(listing.kind(i)) | (listing.mode(i) & PERMISSION_BITS));
        stat.st_ino.set(listing.inode(i));
        stat.st_nlink.set(listing.nlink(i));
        stat.st_rdev.set(0);
        stat.st_uid.set(listing.uid(i));
        stat.st_gid.set(listing.gid(i));
        stat.st_size.set(size);
        stat.st_blksize.set(PREFERRED_IO_SIZE);
        stat.st_blocks.set((size + STAT_BLOCK_SIZE - 1) / STAT_BLOCK_SIZE);
        setTime(stat.st_atim, listing.atimeNanos(i));
        setTime(stat.st_mtim, listing.mtimeNanos(i));
        setTime(stat.st_ctim, listing.ctimeNanos(i));
    }

    /**
     * The two fields of a stat that libfuse 2 reads for a directory entry (lib/fuse.c {@code fill_dir}, then
     * {@code fuse_add_direntry}: the inode number with {@code use_ino}, and the type bits of the mode, which become
     * {@code d_type}); a listing of 1,000 entries fills 1,000 of them. The permission bits are left 0: no directory
     * entry carries them.
     */
    static void fillDirectoryEntry(long inode, FileKind kind, FileStat stat) {
        stat.st_mode.set(typeBits(kind));
        stat.st_ino.set(inode);
    }

    /** The S_IFMT bits of a kind (Linux include/uapi/linux/stat.h). */
    private static int typeBits(FileKind kind) {
        return switch (kind) {
            case DIRECTORY -> FileStat.S_IFDIR;
            case FILE -> FileStat.S_IFREG;
            case SYMLINK -> FileStat.S_IFLNK;
            case FIFO -> FileStat.S_IFIFO;
            case CHARACTER_DEVICE -> FileStat.S_IFCHR;
            case BLOCK_DEVICE -> FileStat.S_IFBLK;
            case SOCKET -> FileStat.S_IFSOCK;
        };
    }

    /** statfs(2) of the mount: sizes in {@link #STATFS_BLOCK_SIZE} blocks, all free blocks available to users. */
    static void fillStatfs(FilesystemStats stats, Statvfs statvfs) {
        statvfs.f_bsize.set(STATFS_BLOCK_SIZE);
        statvfs.f_frsize.set(STATFS_BLOCK_SIZE);
        statvfs.f_blocks.set(stats.totalBytes() / STATFS_BLOCK_SIZE);
        statvfs.f_bfree.set(stats.freeBytes() / STATFS_BLOCK_SIZE);
        statvfs.f_bavail.set(stats.freeBytes() / STATFS_BLOCK_SIZE);
        statvfs.f_files.set(stats.files());
        statvfs.f_namemax.set(stats.maxNameLength());
    }

    private static void setTime(Timespec timespec, Instant instant) {
        timespec.tv_sec.set(instant.getEpochSecond());
        timespec.tv_nsec.set(instant.getNano());
    }

    /** A time in nanoseconds since the epoch, as the catalog keeps it (the seconds and nanoseconds of its Instant). */
    private static void setTime(Timespec timespec, long epochNanos) {
        timespec.tv_sec.set(Math.floorDiv(epochNanos, 1_000_000_000L));
        timespec.tv_nsec.set(Math.floorMod(epochNanos, 1_000_000_000L));
    }

    static TimeChange toTimeChange(Timespec timespec) {
        return toTimeChange(timespec.tv_sec.get(), timespec.tv_nsec.longValue());
    }

    /** One {@code struct timespec} of utimensat(2): seconds and nanoseconds, or UTIME_OMIT / UTIME_NOW in the latter. */
    static TimeChange toTimeChange(long seconds, long nanos) {
        if (nanos == UTIME_OMIT) {
            return TimeChange.omit();
        }
        if (nanos == UTIME_NOW) {
            return TimeChange.now();
        }
        return TimeChange.at(Instant.ofEpochSecond(seconds, nanos));
    }

    /**
     * Byte offset of the bit fields in libfuse 2's {@code struct fuse_file_info} on LP64 Linux (fuse_common.h, 2.9:
     * {@code int flags; unsigned long fh_old; int writepage;} then {@code direct_io:1, keep_cache:1, ...}).
     */
    private static final int FILE_INFO_BITS_OFFSET = 20;
    /** {@code direct_io} is the first bit field: bit 0 on a little-endian machine (GCC allocates from the low bit). */
    private static final int DIRECT_IO_BIT = 1;
    /** Where {@code fh} lies in that structure on LP64 Linux: the check that the layout above is the one in use. */
    private static final int FILE_INFO_FH_OFFSET = 24;

    /**
     * Sets {@code direct_io} in the open's {@code fuse_file_info} (the kernel's FOPEN_DIRECT_IO): reads of this open
     * bypass the page cache and go on until the filesystem answers 0, whatever size getattr showed. jnr-fuse 0.5.8 maps
     * the bit fields as whole bytes at other offsets, so the bit is set on the structure's memory.
     *
     * @return false (nothing set) on a platform whose layout is not the LP64 little-endian one above
     */
    static boolean setDirectIo(FuseFileInfo info) {
        if (info.fh.offset() != FILE_INFO_FH_OFFSET || java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
            return false;
        }
        Pointer memory = Struct.getMemory(info);
        memory.putInt(FILE_INFO_BITS_OFFSET, memory.getInt(FILE_INFO_BITS_OFFSET) | DIRECT_IO_BIT);
        return true;
    }
}
