package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.controller.FileTimes;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.controller.TapeIndexEntry;
import io.tapelib.gateway.posix.FileKind;
import java.nio.file.Path;
import java.util.List;

/**
 * What a migration tells the controller of one dirty inode: its metadata, its user attributes (keys as the LTFS
 * index keeps them: the mount's name without "user."; LTFS Format Specification 2.4, section 7.7), its device number
 * and its further names (hard links).
 */
final class MigrationSources {
    private MigrationSources() {
    }

    /**
     * @param path absolute path of the inode's own name
     * @param data the cached object of a FILE; ignored (null is sent) for other kinds
     */
    static MigrationSource of(Catalog catalog, Inode inode, String path, Path data) {
        boolean file = inode.kind() == FileKind.FILE;
        List<TapeIndexEntry.Xattr> xattrs = IndexChanges.userXattrs(catalog.xattrs(inode.id()));
        long deviceNumber = inode.kind().isDevice() ? catalog.deviceNumber(inode.id()) : 0;
        List<String> links = inode.isDirectory() ? List.of()
                : catalog.furtherPaths(inode.id()).stream().map(MigrationSources::relative).toList();
        return new MigrationSource(inode.id(), relative(path), inode.kind(), file ? inode.size() : 0, inode.mode(),
                inode.uid(), inode.gid(), new FileTimes(inode.mtime(), inode.ctime(), inode.atime(), inode.crtime()),
                inode.symlinkTarget(), file ? data : null, xattrs, deviceNumber, links);
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
