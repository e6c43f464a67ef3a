package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, acceptance 4, through the real jars and a real mount: the catalog is backed up after each tape index
 * write, and a catalog truncated to half its size is set aside at start and restored from the newest backup, the
 * mount showing exactly the tree it showed before.
 */
class CatalogRestoreSystemTest {
    private static final Duration WRITE_DELAY = Duration.ofSeconds(2);
    private static final int IMPORTED_DIRS = 10;
    private static final int IMPORTED_FILES_PER_DIR = 30;
    private static final int WRITTEN = 12;

    @TempDir
    Path work;

    @AutoClose
    private LibraryPair pair;

    @Test
    void aCatalogTruncatedToHalfIsRestoredFromItsBackupAndTheMountShowsTheSameTree() throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        for (int d = 0; d < IMPORTED_DIRS; d++) {
            Path dir = Files.createDirectories(source.resolve("imported-" + d));
            for (int f = 0; f < IMPORTED_FILES_PER_DIR; f++) {
                Files.writeString(dir.resolve("file-" + f + ".txt"), "imported " + d + "/" + f + "\n");
            }
        }
        pair = new LibraryPair("catalog-restore", work, Map.of(), Map.of("WRITE_DELAY", WRITE_DELAY.toSeconds() + "s"));
        pair.importTree(source, "TL0001L5");
        pair.start();
        Path mount = pair.mount;

        Files.createDirectories(mount.resolve("written/sub"));
        for (int i = 0; i < WRITTEN; i++) {
            MountFiles.writeGenerated(mount.resolve("written/sub/w" + i + ".bin"), 200 * 1024 + i, i);
        }
        for (int i = 0; i < WRITTEN; i++) {
            pair.awaitMigrated("written/sub/w" + i + ".bin", WRITE_DELAY.plusSeconds(60));
        }
        awaitBackupAfterLastMigration();

        List<String> treeBefore = tree(mount);
        Map<String, String> digestsBefore = digests(mount);
        assertThat(treeBefore).hasSize(1 + IMPORTED_DIRS * (1 + IMPORTED_FILES_PER_DIR) + 2 + WRITTEN);
        Path backupDir = work.resolve("catalog/backup");
        try (Stream<Path> backups = Files.list(backupDir)) {
            assertThat(backups.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".db")).count())
                    .as("backups kept in %s", backupDir).isBetween(1L, 3L);
        }

        pair.gateway.stop();
        Path catalog = work.resolve("catalog/catalog.db");
        long size = Files.size(catalog);
        try (RandomAccessFile file = new RandomAccessFile(catalog.toFile(), "rw")) {
            file.setLength(size / 2);
        }
        long logOffset = pair.gateway.logSize();
        pair.gateway.start();

        assertThat(tree(mount)).isEqualTo(treeBefore);
        assertThat(digests(mount)).isEqualTo(digestsBefore);
        List<String> restoreLines = pair.gateway.logSince(logOffset).lines()
                .filter(line -> line.contains("failed SQLite's integrity check")).toList();
        assertThat(restoreLines).hasSize(1);
        assertThat(restoreLines.get(0)).contains("restored from backup " + backupDir);
        try (Stream<Path> files = Files.list(catalog.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("catalog.db.corrupt-")))
                    .as("the damaged catalog is set aside, not deleted").hasSize(1);
        }
        System.out.printf("CatalogRestoreSystemTest: catalog of %d bytes truncated to %d; %d entries back%n", size,
                size / 2, treeBefore.size());
    }

    /** Waits until the gateway has logged a catalog backup after its last migrated batch (it runs on its own thread). */
    private void awaitBackupAfterLastMigration() {
        await("a catalog backup after the last migration").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    String log = pair.gateway.logSince(0);
                    return log.lastIndexOf("Catalog backed up to ") > log.lastIndexOf("Migrated ");
                });
    }

    /** {@code find MOUNT -printf '%P %y %s %m %T@'}, sorted. */
    private static List<String> tree(Path mount) throws IOException, InterruptedException {
        return Commands.run("find", mount.toString(), "-printf", "%P %y %s %m %T@\\n").requireSuccess("find " + mount)
                .lines().stream().sorted().toList();
    }

    /** SHA-256 of every regular file below the mount, by relative path. */
    private static Map<String, String> digests(Path mount) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(mount)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                digests.put(mount.relativize(file).toString(), MountFiles.sha256(file));
            }
        }
        return digests;
    }
}
