package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a cache directory belong to one catalog: the objects are named by that catalog's inode ids, so a cache
 * recorded for another catalog (or for none, while it holds objects) is set aside, never deleted.
 */
final class CatalogClaim {
    private static final Logger LOG = Logger.getLogger(CacheStore.class.getName());
    /** File in the cache directory naming the catalog whose inode ids the objects are named by. */
    static final String IDENTITY_FILE = "catalog-identity";

    private CatalogClaim() {
    }

    /**
     * Records {@code identity} in {@code CACHE_DIR/catalog-identity}, first moving another catalog's objects to
     * {@code set-aside/<UTC time>-other-catalog/} (logged).
     *
     * @throws IOException when the directory cannot be read, moved or written
     */
    static void claim(Path cacheDirectory, Path objectsDirectory, String identity, SetAside setAside)
            throws IOException {
        Files.createDirectories(cacheDirectory);
        Path identityFile = cacheDirectory.resolve(IDENTITY_FILE);
        String recorded = Files.exists(identityFile)
                ? Files.readString(identityFile, StandardCharsets.UTF_8).trim() : null;
        if (identity.equals(recorded)) {
            return;
        }
        if (Files.isDirectory(objectsDirectory) && !isEmpty(objectsDirectory)) {
            Path target = setAside.newDirectory("other-catalog").resolve("objects");
            Files.move(objectsDirectory, target, StandardCopyOption.ATOMIC_MOVE);
            try {
                // one record file per entry, as every set-aside entry is kept: placed one by one, read one by one
                DirtyLog.explode(target, new DirtyJournal(target));
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "the dirty journal set aside in " + target + " cannot be read; its entries cannot"
                        + " be placed again and stay there: " + e.getMessage(), e);
            }
            LOG.log(Level.WARNING, "The cache {0} belonged to catalog {1}, not to this catalog {2}: its objects and"
                    + " dirty journals were moved to {3} (dirty ones may be the only copy of a file; inspect them, then"
                    + " delete them by hand); starting with an empty cache",
                    new Object[] {cacheDirectory, recorded == null ? "(unrecorded)" : recorded, identity, target});
        }
        Path temporary = cacheDirectory.resolve(IDENTITY_FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((identity + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, identityFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            return !files.iterator().hasNext();
        }
    }
}
