package io.tapelib.gateway.catalog;

/**
 * Whether the cache holds the only current copy of a file. CLEAN: a tape holds the current content (the
 * cache may or may not hold a copy too, which the cache store knows). DIRTY: the content was written through
 * the mount and has not been migrated since its last change; the cache pins it (shared/DESIGN.md section 7).
 */
public enum CacheState {
    CLEAN, DIRTY
}
