package io.tapelib.gateway.catalog;

import java.util.List;

/**
 * One entry of a catalog listing ({@link CatalogListing}): its path at the mount, the inode as seen through that name
 * (a further name of a hard-linked file gives that name), and the cartridges whose index holds it.
 *
 * @param path   absolute, slash-separated, as at the mount
 * @param inode  the entry
 * @param copies one per cartridge whose index names it, by volume tag; empty when on no tape
 */
public record ListedEntry(String path, Inode inode, List<TapeCopy> copies) {
    public ListedEntry {
        copies = List.copyOf(copies);
    }

    /**
     * One cartridge's copy of an entry.
     *
     * @param volumeTag the cartridge
     * @param current   whether it holds the content the tree shows now (false: an older version)
     * @param size      bytes of that version
     * @param sha256    lowercase hex SHA-256 of that version, null when unknown
     */
    public record TapeCopy(String volumeTag, boolean current, long size, String sha256) {
    }

    /** Volume tags of the cartridges holding the current content. */
    public List<String> currentVolumes() {
        return copies.stream().filter(TapeCopy::current).map(TapeCopy::volumeTag).toList();
    }

    /** The SHA-256 of the current content as a cartridge recorded it (the first by volume tag), null when unknown. */
    public String sha256() {
        return copies.stream().filter(c -> c.current() && c.sha256() != null).map(TapeCopy::sha256).findFirst()
                .orElse(null);
    }
}
