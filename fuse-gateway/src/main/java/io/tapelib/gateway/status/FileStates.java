package io.tapelib.gateway.status;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.ShelvedVolumes;
import io.tapelib.gateway.posix.FileKind;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A file's state as {@code user.tapelib.state} names it (cached, offline, dirty, recalling, lost, shelved), for
 * listings that already hold the volume tags of its current copies (no further catalog query per entry).
 */
@Singleton
public class FileStates {
    private final CacheStore cache;
    private final ShelvedVolumes shelved;

    public FileStates(CacheStore cache, Catalog catalog) {
        this.cache = cache;
        this.shelved = catalog.shelvedVolumes();
    }

    /**
     * @param currentVolumes volume tags of the cartridges holding its current content
     * @return the state; null for a directory
     */
    public String of(Inode inode, List<String> currentVolumes) {
        if (inode.isDirectory()) {
            return null;
        }
        if (inode.isDirty()) {
            return cache.isLost(inode.id()) ? "lost" : "dirty";
        }
        if (inode.kind() != FileKind.FILE || inode.size() == 0 || cache.isPresent(inode.id())) {
            return "cached";
        }
        if (!shelved.none() && shelved.allShelved(currentVolumes)) {
            return "shelved";
        }
        return cache.isRecalling(inode.id()) ? "recalling" : "offline";
    }
}
