package io.tapelib.gateway.api;

import io.tapelib.gateway.catalog.ListedEntry;
import java.time.Instant;
import java.util.List;

/**
 * A file as the gateway's REST API shows it (docs/operator-api.md, "File").
 *
 * @param path   absolute, as at the mount
 * @param kind   FILE, DIRECTORY, SYMLINK, FIFO, CHARACTER_DEVICE, BLOCK_DEVICE, SOCKET
 * @param size   bytes
 * @param mode   permission bits as an octal string ("0644")
 * @param mtime  last modification
 * @param state  as {@code user.tapelib.state}; null for a directory
 * @param sha256 of the current content as a cartridge recorded it; null when unknown
 * @param tapes  the cartridges whose index holds it, by volume tag
 */
public record FileView(String path, String kind, long size, String mode, int uid, int gid, Instant mtime,
                       String state, String sha256, List<Copy> tapes) {

    /** One cartridge's copy: {@code current} false for an older version; its size in bytes. */
    public record Copy(String volumeTag, boolean current, long size) {
    }

    static FileView of(ListedEntry entry, String state) {
        return new FileView(entry.path(), entry.inode().kind().name(), entry.inode().size(),
                String.format("%04o", entry.inode().mode()), entry.inode().uid(), entry.inode().gid(),
                entry.inode().mtime(), state, entry.sha256(), entry.copies().stream()
                        .map(c -> new Copy(c.volumeTag(), c.current(), c.size())).toList());
    }
}
