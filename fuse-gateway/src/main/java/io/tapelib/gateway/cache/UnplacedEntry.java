package io.tapelib.gateway.cache;

import java.nio.file.Path;

/**
 * A dirty entry that start-up set aside because the catalog did not name its inode (a lost or restored catalog),
 * waiting to be placed again at its path ({@link CacheStore#unplaced}, {@link CacheStore#adopt}).
 *
 * @param record      its journal record, with the old catalog's inode id
 * @param journalFile where the set-aside journal is
 * @param objectFile  where its content would be; may not exist (an entry without data, or content lost)
 */
public record UnplacedEntry(DirtyRecord record, Path journalFile, Path objectFile) {
}
