package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 part B: a volume this service wrote and left inconsistent (a kill after an index sync, or with file data
 * after the last index) is recovered at mount; one written by other software, a write-protected one and one with a
 * damaged index stay read-only. The Volume Coherency Information follows every index written.
 */
class LtfsMountRecoveryTest {

    private static final String TAG = "TL0001L5";
    private static final LtfsFormatOptions SMALL = new LtfsFormatOptions(LtfsFormatOptions.DEFAULT_BLOCK_SIZE, 4L << 20);
    private static final Instant TIME = Instant.parse("2024-05-06T07:08:09Z");

    @TempDir
    java.nio.file.Path dir;

    private VirtualLibrary library;
    private TapeDrive drive;

    @BeforeEach
    void open() throws java.io.IOException {
        library = VirtualLibrary.open(dir.resolve("library"),
                VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(64L << 20).withTimeScale(0));
        library.changer().load(1, 0);
        drive = library.drives().get(0);
        drive.load();
    }

    @AfterEach
    void close() {
        library.close();
    }

    private static void write(LtfsVolume volume, String path, int bytes) {
        byte[] data = new byte[bytes];
        java.util.Arrays.fill(data, (byte) path.length());
        volume.writeFile(new FileMetadata(path, EntryKind.FILE, 0644, 0, 0, TIME, TIME, TIME, TIME, null),
                new ByteArrayInputStream(data), data.length);
    }

    private static Set<String> paths(LtfsVolume volume) {
        Set<String> paths = new TreeSet<>();
        volume.entries().forEach(e -> paths.add(e.path()));
        return paths;
    }

    private MamParameters mam(LtfsVolume volume) {
        return new MamParameters(drive, TAG, volume.volumeUuid());
    }

    /** The controller killed right after an index sync: the index partition still holds generation 1. */
    private LtfsVolume killedAfterIndexSync() {
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        write(volume, "a", 1000);
        volume.writeIndex();
        return volume;
    }

    @Test
    void afterAnIndexSyncTheIndexPartitionCopyIsRefreshedAndTheCoherencyInformationSaysSo() {
        LtfsVolume killed = killedAfterIndexSync();
        MamParameters mam = mam(killed);
        long vcr = mam.volumeChangeReference().orElseThrow();
        assertThat(mam.coherency(1)).hasValueSatisfying(c -> {
            assertThat(c.generation()).isEqualTo(2);
            assertThat(c.volumeChangeReference()).isEqualTo(vcr);
        });
        assertThat(mam.coherency(0)).hasValueSatisfying(c -> assertThat(c.generation()).isEqualTo(1));
        assertThat(LtfsVolumes.mount(drive, TAG).readOnly()).as("as found").isTrue();

        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG, null, true);

        assertThat(mounted.consistency().consistent()).isTrue();
        assertThat(mounted.readOnly()).isFalse();
        assertThat(mounted.generation()).as("no new generation: the data partition ends with it").isEqualTo(2);
        assertThat(paths(mounted)).containsExactly("a");
        assertThat(mam.coherency(0)).hasValueSatisfying(c -> assertThat(c.generation()).isEqualTo(2));
        long after = mam.volumeChangeReference().orElseThrow();
        assertThat(mam.coherency(0).orElseThrow().volumeChangeReference()).isEqualTo(after);
        assertThat(mam.coherency(1).orElseThrow().volumeChangeReference()).isEqualTo(after);
        assertThat(LtfsVolumes.mount(drive, TAG).consistency().consistent()).isTrue();
    }

    @Test
    void fileDataAfterTheLastIndexIsSkippedByANewGenerationAppendedAfterIt() {
        LtfsVolume killed = killedAfterIndexSync();
        write(killed, "b", 300_000);
        drive.locate(1, 0);
        drive.spaceToEndOfData();
        long eod = drive.position().block();
        MamParameters mam = mam(killed);
        assertThat(mam.volumeChangeReference().orElseThrow())
                .as("the medium was written after the last index")
                .isNotEqualTo(mam.coherency(1).orElseThrow().volumeChangeReference());

        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG, null, true);

        assertThat(mounted.consistency().consistent()).isTrue();
        assertThat(mounted.generation()).isEqualTo(3);
        assertThat(mounted.consistency().index()).isEqualTo(new IndexLocation(1, eod + 1));
        assertThat(paths(mounted)).as("the unindexed file is not named").containsExactly("a");
        write(mounted, "c", 10);
        mounted.unmount();
        assertThat(paths(LtfsVolumes.mount(drive, TAG))).containsExactly("a", "c");
    }

    /** Rewrites the last index of the data partition (one block before its closing filemark) and what follows. */
    private void rewriteLastDataIndex(UnaryOperator<String> edit, boolean appendUnindexedBlock) {
        drive.locate(1, 0);
        drive.spaceToEndOfData();
        long eod = drive.position().block();
        drive.locate(1, eod - 2);
        byte[] block = new byte[LtfsFormatOptions.DEFAULT_BLOCK_SIZE];
        int length = drive.readBlock(block);
        assertThat(drive.readBlock(new byte[16])).as("a one-block index, then its filemark").isZero();
        byte[] edited = edit.apply(new String(block, 0, length, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        drive.locate(1, eod - 2);
        drive.writeBlock(edited, 0, edited.length);
        drive.writeFilemarks(1);
        if (appendUnindexedBlock) {
            drive.writeBlock(new byte[4096], 0, 4096);
            drive.writeFilemarks(0);
        }
    }

    @Test
    void aVolumeWhoseNewestIndexOtherSoftwareWroteStaysReadOnlyUntilAnOperatorRecoversIt() {
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        write(volume, "a", 1000);
        volume.unmount();
        rewriteLastDataIndex(xml -> xml.replace(IndexXmlWriter.CREATOR, "LTFS 2.4.5.1 (Prelim) - Linux - ltfs"), true);

        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG, null, true);

        assertThat(mounted.readOnly()).isTrue();
        assertThat(mounted.consistency().unindexed()).hasSize(1);
        assertThatThrownBy(() -> write(mounted, "refused", 10)).isInstanceOf(ReadOnlyVolumeException.class);
        assertThat(mounted.recover().consistent()).isTrue();
        mounted.unmount();
        assertThat(LtfsVolumes.mount(drive, TAG, null, true).readOnly()).isFalse();
    }

    @Test
    void aWriteProtectedCartridgeStaysReadOnly() {
        killedAfterIndexSync();
        drive.unload();
        library.changer().unload(0, 1);
        library.setWriteProtected(TAG, true);
        library.changer().load(1, 0);
        drive.load();

        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG, null, true);

        assertThat(mounted.readOnly()).isTrue();
        assertThat(mounted.consistency().consistent()).isFalse();
        assertThat(paths(mounted)).containsExactly("a");
    }

    @Test
    void aDamagedCompleteIndexStaysReadOnly() {
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        write(volume, "a", 1000);
        volume.writeIndex();
        write(volume, "b", 1000);
        volume.writeIndex();
        // generation 3 keeps its filemarks but no longer parses: damage, not a crash's partial index
        rewriteLastDataIndex(xml -> xml.replace("</ltfsindex>", "<broken"), false);

        LtfsVolume mounted = LtfsVolumes.mount(drive, TAG, null, true);

        assertThat(mounted.readOnly()).isTrue();
        assertThat(mounted.generation()).isEqualTo(2);
        assertThat(mounted.consistency().problems()).anySatisfy(p -> assertThat(p).contains("malformed"));
    }

    /** The drive, counting backward spaces over filemarks (the tape search) and refusing MAM when told to. */
    private TapeDrive counting(java.util.concurrent.atomic.AtomicInteger searches, boolean withoutMam) {
        return (TapeDrive) java.lang.reflect.Proxy.newProxyInstance(TapeDrive.class.getClassLoader(),
                new Class<?>[] {TapeDrive.class}, (proxy, method, args) -> {
                    if (method.getName().equals("spaceFilemarks") && (int) args[0] < 0) {
                        searches.incrementAndGet();
                    }
                    if (withoutMam && method.getName().endsWith("Attribute")) {
                        throw new io.tapelib.controller.device.AttributeNotSupportedException(drive.name(), "no MAM");
                    }
                    try {
                        return method.invoke(drive, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void theCoherencyInformationIsPreferredWhileNothingWasWrittenSinceAndTheTapeIsSearchedOtherwise() {
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        write(volume, "a", 1000);
        volume.writeIndex();
        var searches = new java.util.concurrent.atomic.AtomicInteger();

        LtfsVolume healed = LtfsVolumes.mount(counting(searches, false), TAG, null, true);

        assertThat(searches.get()).as("the index named by the coherency information, no search").isZero();
        assertThat(healed.consistency().consistent()).isTrue();
        assertThat(healed.generation()).isEqualTo(2);
        write(healed, "b", 300_000);

        LtfsVolume written = LtfsVolumes.mount(counting(searches, false), TAG);

        assertThat(searches.get()).as("the medium was written since: the tape is searched").isPositive();
        assertThat(written.consistency().unindexed()).hasSize(1);
    }

    @Test
    void aTapeWithoutCartridgeMemoryIsJudgedFromTheTapeAlone() {
        killedAfterIndexSync();
        var searches = new java.util.concurrent.atomic.AtomicInteger();
        TapeDrive withoutMam = counting(searches, true);

        LtfsVolume mounted = LtfsVolumes.mount(withoutMam, TAG, null, true);

        assertThat(searches.get()).isPositive();
        assertThat(mounted.consistency().consistent()).isTrue();
        assertThat(mounted.readOnly()).isFalse();
        assertThat(paths(mounted)).containsExactly("a");
    }
}
