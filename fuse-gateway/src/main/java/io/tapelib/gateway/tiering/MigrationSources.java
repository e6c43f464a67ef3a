package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ExtendedAttribute;
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
    private static final String USER_PREFIX = "user.";
    /** This service's report attributes and names of the index's reserved ltfs.* namespace never go to tape. */
    private static final List<String> NOT_FOR_TAPE = List.of("user.tapelib.", "user.ltfs.");

    private MigrationSources() {
    }

    /**
     * @param path absolute path of the inode's own name
     * @param data the cached object of a FILE; ignored (null is sent) for other kinds
     */
    static MigrationSource of(Catalog catalog, Inode inode, String path, Path data) {
        boolean file = inode.kind() == FileKind.FILE;
        List<TapeIndexEntry.Xattr> xattrs = catalog.xattrs(inode.id()).stream()
                .filter(MigrationSources::goesToTape)
                .map(x -> new TapeIndexEntry.Xattr(x.name().substring(USER_PREFIX.length()), x.value()))
                .toList();
        long deviceNumber = inode.kind().isDevice() ? catalog.deviceNumber(inode.id()) : 0;
        List<String> links = inode.isDirectory() ? List.of()
                : catalog.furtherPaths(inode.id()).stream().map(MigrationSources::relative).toList();
        return new MigrationSource(inode.id(), relative(path), inode.kind(), file ? inode.size() : 0, inode.mode(),
                inode.uid(), inode.gid(), new FileTimes(inode.mtime(), inode.ctime(), inode.atime(), inode.crtime()),
                inode.symlinkTarget(), file ? data : null, xattrs, deviceNumber, links);
    }

    private static boolean goesToTape(ExtendedAttribute attribute) {
        String name = attribute.name();
        return name.startsWith(USER_PREFIX) && name.length() > USER_PREFIX.length()
                && NOT_FOR_TAPE.stream().noneMatch(name::startsWith);
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
