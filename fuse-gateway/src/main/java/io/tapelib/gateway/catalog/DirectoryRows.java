package io.tapelib.gateway.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tapelib.gateway.posix.FileKind;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rows of directories and the counts of their subdirectories (their link count is 2 + that), kept so that a
 * stat of a directory needs no query. The kernel asks for the attributes of a directory after each file created in
 * it (a create drops its cached attributes, and {@code default_permissions} needs them for the next path walk): a
 * lookup of its row and a count, about as much as the create's own transaction (issue 12).
 *
 * <p>Kept as the writer connection sees them: a row read on the writer (under the write lock) is kept, and
 * {@link EntryChanges} applies every change of a directory's row with its new values, as each unit of work
 * on the writer ends, whoever made it; a directory that goes, or whose id changes, is dropped, and so is the count
 * of a directory a subdirectory entered or left. Bounded: {@link #DIRECTORIES} directories, least used first.
 * Thread-safe.
 */
final class DirectoryRows {
    /** Directories kept at most (a row and a count: about 300 bytes each). */
    static final int DIRECTORIES = 4096;

    /** A directory's row and its subdirectories, or -1 when their count is not kept. */
    private record Kept(Inode row, long subdirectories) {
    }

    private final Cache<Long, Kept> kept = Caffeine.newBuilder().maximumSize(DIRECTORIES).build();

    /** The kept row of directory {@code id}, or empty when it is not kept. */
    Optional<Inode> row(long id) {
        Kept directory = kept.getIfPresent(id);
        return directory == null ? Optional.empty() : Optional.of(directory.row());
    }

    /** The kept count of the subdirectories of {@code id}, or empty when it is not kept. */
    OptionalLong subdirectories(long id) {
        Kept directory = kept.getIfPresent(id);
        return directory == null || directory.subdirectories() < 0 ? OptionalLong.empty()
                : OptionalLong.of(directory.subdirectories());
    }

    /** Keeps a row read on the writer connection, under the write lock; anything but a directory is not kept. */
    void keepRow(Inode row) {
        if (row.kind() == FileKind.DIRECTORY) {
            Kept before = kept.getIfPresent(row.id());
            kept.put(row.id(), new Kept(row, before == null ? -1 : before.subdirectories()));
        }
    }

    /** Keeps a count read on the writer connection, under the write lock, for a directory whose row is kept. */
    void keepSubdirectories(long id, long count) {
        Kept before = kept.getIfPresent(id);
        if (before != null) {
            kept.put(id, new Kept(before.row(), count));
        }
    }

    /** Applies changes the writer's work made ({@link EntryChanges}); under the write lock. */
    void apply(List<EntryChanges.DirectoryChange> changes) {
        for (EntryChanges.DirectoryChange change : changes) {
            Kept before = kept.getIfPresent(change.id());
            if (before == null) {
                continue;
            }
            if (change.row() != null) {
                kept.put(change.id(), new Kept(change.row(), before.subdirectories()));
            } else if (change.gone()) {
                kept.invalidate(change.id());
            } else {
                kept.put(change.id(), new Kept(before.row(), -1));
            }
        }
    }

    /** Forgets everything kept (a unit of work changed too many to hold). */
    void forgetAll() {
        kept.invalidateAll();
    }
}
