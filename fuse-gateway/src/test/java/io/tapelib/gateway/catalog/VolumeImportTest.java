package io.tapelib.gateway.catalog;

import static io.tapelib.gateway.catalog.CatalogTest.NOW;
import static io.tapelib.gateway.catalog.CatalogTest.directory;
import static io.tapelib.gateway.catalog.CatalogTest.file;
import static io.tapelib.gateway.catalog.CatalogTest.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.posix.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cartridges imported into the catalog ({@link Catalog#importVolume}): a real tree, a re-import of a volume, several
 * tapes merged by path, size and time, conflicts, and the largest cartridge's capacity.
 */
class VolumeImportTest {
    private static final Path DOC = Path.of("/usr/share/doc");

    @TempDir
    Path dir;

    @Test
    void importsARealTreeAndAnswersLookups() throws IOException {
        List<TapeEntry> entries = TreeIndex.of(DOC);
        assertThat(entries).hasSizeGreaterThan(1000);
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            ImportSummary summary = catalog.importVolume(volume("DOC001L5"), entries.iterator());

            assertThat(summary.entries()).isEqualTo(entries.size());
            assertThat(summary.conflicts()).isZero();
            assertThat(catalog.inodeCount()).isEqualTo(entries.size() + 1);
            Path someFile;
            try (Stream<Path> files = Files.walk(DOC)) {
                someFile = files.filter(Files::isRegularFile).filter(p -> p.getNameCount() > 4).findFirst().orElseThrow();
            }
            Inode file = catalog.resolve(someFile.toString().substring(DOC.toString().length())).orElseThrow();
            assertThat(file.size()).isEqualTo(Files.size(someFile));
            assertThat(file.mtime()).isEqualTo(Files.getLastModifiedTime(someFile).toInstant());
            assertThat(catalog.copies().currentVolumes(file.id())).containsExactly("DOC001L5");
            if (file.size() > 0) {
                assertThat(catalog.copies().currentExtents(file.id())).singleElement()
                        .satisfies(extent -> assertThat(extent.byteCount()).isEqualTo(file.size()));
            }
            Path parentDir = someFile.getParent();
            Inode parent = catalog.resolve(parentDir.toString().substring(DOC.toString().length())).orElseThrow();
            try (Stream<Path> listing = Files.list(parentDir)) {
                assertThat(catalog.children(parent.id())).extracting(Inode::name)
                        .containsExactlyInAnyOrderElementsOf(listing.map(p -> p.getFileName().toString())
                                .collect(Collectors.toList()));
            }
            assertThat(catalog.lookup(parent.id(), someFile.getFileName().toString())).contains(file);
            assertThat(catalog.resolve("/no/such/path")).isEmpty();
            assertThat(catalog.resolve(someFile.toString().substring(DOC.toString().length()) + "/below-a-file")).isEmpty();

            ImportSummary again = catalog.importVolume(volume("DOC001L5"), entries.iterator());
            assertThat(again.added()).isZero();
            assertThat(again.removed()).isZero();
            assertThat(catalog.inodeCount()).isEqualTo(entries.size() + 1);
        }
    }

    @Test
    void reimportingAVolumeForgetsWhatItNoLongerHolds() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume("A00001L5"), List.of(directory("docs", NOW), file("docs/a.txt", 10, NOW),
                    file("docs/b.txt", 20, NOW), directory("old", NOW), file("old/c.txt", 5, NOW)).iterator());
            ImportSummary summary = catalog.importVolume(volume("A00001L5"),
                    List.of(directory("docs", NOW), file("docs/a.txt", 10, NOW)).iterator());

            assertThat(summary.removed()).isEqualTo(3);
            assertThat(catalog.resolve("/docs/a.txt")).isPresent();
            assertThat(catalog.resolve("/docs/b.txt")).isEmpty();
            assertThat(catalog.resolve("/old")).isEmpty();
        }
    }

    @Test
    void mergesTapesByPathSizeAndModifyTime() {
        Instant older = NOW.minusSeconds(3600);
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume("A00001L5"), List.of(directory("shared", older),
                    file("shared/same.bin", 100, older), file("shared/changed.bin", 100, older),
                    file("shared/only-a.bin", 1, older), file("shared/newer-on-a.bin", 7, NOW)).iterator());
            ImportSummary summary = catalog.importVolume(volume("B00002L5"), List.of(directory("shared", NOW),
                    file("shared/same.bin", 100, older), file("shared/changed.bin", 250, NOW),
                    file("shared/only-b.bin", 2, NOW), file("shared/newer-on-a.bin", 9, older)).iterator());

            Inode same = catalog.resolve("/shared/same.bin").orElseThrow();
            assertThat(catalog.copies().currentVolumes(same.id())).containsExactly("A00001L5", "B00002L5");
            Inode changed = catalog.resolve("/shared/changed.bin").orElseThrow();
            assertThat(changed.size()).isEqualTo(250);
            assertThat(changed.mtime()).isEqualTo(NOW);
            assertThat(catalog.copies().currentVolumes(changed.id())).containsExactly("B00002L5");
            assertThat(catalog.copies().extents(changed.id(), "A00001L5")).isNotEmpty();
            assertThat(summary.contentChanged()).containsExactly(changed.id());
            Inode keptA = catalog.resolve("/shared/newer-on-a.bin").orElseThrow();
            assertThat(keptA.size()).isEqualTo(7);
            assertThat(catalog.copies().currentVolumes(keptA.id())).containsExactly("A00001L5");
            assertThat(catalog.children(catalog.resolve("/shared").orElseThrow().id())).extracting(Inode::name)
                    .containsExactly("changed.bin", "newer-on-a.bin", "only-a.bin", "only-b.bin", "same.bin");
            assertThat(catalog.copies().currentVolumes(catalog.resolve("/shared").orElseThrow().id()))
                    .containsExactly("A00001L5", "B00002L5");
            assertThat(summary.copies()).isEqualTo(1);
            assertThat(summary.superseding()).isEqualTo(1);
            assertThat(summary.older()).isEqualTo(1);

            // Losing the newer tape's version brings back the older one instead of dropping the path.
            catalog.importVolume(volume("B00002L5"), List.<TapeEntry>of().iterator());
            Inode back = catalog.resolve("/shared/changed.bin").orElseThrow();
            assertThat(back.size()).isEqualTo(100);
            assertThat(catalog.copies().currentVolumes(back.id())).containsExactly("A00001L5");
            assertThat(catalog.resolve("/shared/only-b.bin")).isEmpty();
        }
    }

    @Test
    void namesListedTwiceInADirectoryTheImportCreatedMergeAsOnTheTreeAlready() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            // new/ and new/implied/ are created by this import (the second without an entry of its own before its
            // child): their entries are inserted without a lookup, and a name met again must fall back to one
            ImportSummary summary = catalog.importVolume(volume("A00001L5"), List.of(directory("new", NOW),
                    file("new/twice", 3, NOW), file("new/twice", 3, NOW), file("new/implied/child", 1, NOW),
                    directory("new/implied", NOW), file("new/clash", 1, NOW), directory("new/clash", NOW))
                    .iterator());

            assertThat(summary.added()).as("new, twice, implied, child, clash").isEqualTo(5);
            assertThat(summary.copies()).as("the second twice: same size and time").isEqualTo(1);
            assertThat(summary.conflicts()).as("new/clash listed as a file, then as a directory").isEqualTo(1);
            assertThat(catalog.children(catalog.resolve("/new").orElseThrow().id())).extracting(Inode::name)
                    .containsExactly("clash", "implied", "twice");
            assertThat(catalog.resolve("/new/implied/child")).isPresent();
            assertThat(catalog.resolve("/new/clash").orElseThrow().kind()).isEqualTo(FileKind.FILE);
        }
    }

    @Test
    void reportsAFileWhereATapeHasADirectoryAsAConflict() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.importVolume(volume("A00001L5"), List.of(file("thing", 3, NOW)).iterator());
            ImportSummary summary = catalog.importVolume(volume("B00002L5"),
                    List.of(directory("thing", NOW), file("thing/inside", 1, NOW)).iterator());

            assertThat(summary.conflicts()).isEqualTo(2);
            assertThat(summary.conflictPaths()).anySatisfy(line -> assertThat(line).startsWith("thing:"));
            assertThat(catalog.resolve("/thing").orElseThrow().kind()).isEqualTo(FileKind.FILE);
        }
    }

    @Test
    void knowsTheLargestCartridgeCapacityOnlyOnceACartridgeReportsOne() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            assertThat(catalog.largestCartridgeCapacity()).isEmpty();
            catalog.upsertVolume(new VolumeRecord("CLN001L1", null, VolumeState.UNSUPPORTED, 0, 0, 0, 0, null));
            assertThat(catalog.largestCartridgeCapacity()).isEmpty();
            catalog.upsertVolume(volume("A00001L5"));
            catalog.upsertVolume(new VolumeRecord("B00002L6", null, VolumeState.BLANK, 0, 2_400_000_000_000L,
                    2_400_000_000_000L, 524_288, null));
            assertThat(catalog.largestCartridgeCapacity()).hasValue(2_400_000_000_000L);
        }
    }
}
