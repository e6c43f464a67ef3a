package io.tapelib.gateway.namespace;

/**
 * What start-up reconciliation of the cache with the catalog changed (see {@link CacheReconciliation}).
 *
 * @param redirtied       files whose catalog row was clean but whose dirty journal says the cache holds
 *                        acknowledged bytes not yet on tape: dirty again
 * @param orphansSetAside dirty journals whose inode the catalog does not have: object and journal set aside until
 *                        {@link DirtyPlacement} puts them back at their paths
 * @param resized         dirty files whose catalog size differed from their object's: the row takes the object's size
 * @param journalsWritten dirty rows that had no journal: journal written
 * @param staleDropped    clean objects whose size differs from the catalog's, or whose inode is gone: deleted
 *                        (a clean file is recalled again from tape when read)
 * @param contentLost     dirty files with a non-empty size whose object is missing (logged at SEVERE)
 */
public record ReconcileSummary(int redirtied, int orphansSetAside, int resized, int journalsWritten,
                               int staleDropped, int contentLost) {
}
