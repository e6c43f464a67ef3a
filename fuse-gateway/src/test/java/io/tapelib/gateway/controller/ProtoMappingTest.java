package io.tapelib.gateway.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.proto.v1.EntryKind;
import io.tapelib.proto.v1.Extent;
import io.tapelib.proto.v1.FileStart;
import io.tapelib.proto.v1.IndexEntry;
import io.tapelib.proto.v1.IndexEntries;
import io.tapelib.proto.v1.IndexMessage;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.MigratedFile;
import io.tapelib.proto.v1.RecallChunk;
import io.tapelib.proto.v1.RecallMessage;
import io.tapelib.proto.v1.RecallRequest;
import io.tapelib.proto.v1.RejectReason;
import io.tapelib.proto.v1.RejectedFile;
import io.tapelib.proto.v1.Volume;
import io.tapelib.proto.v1.VolumeState;
import io.tapelib.proto.v1.Xattr;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adapter's translation between the tapelib.v1 contract and the port's records. */
class ProtoMappingTest {
    private static final Instant WRITTEN = Instant.parse("2024-11-05T08:00:00.123456789Z");
    private static final Timestamp WRITTEN_PROTO =
            Timestamp.newBuilder().setSeconds(WRITTEN.getEpochSecond()).setNanos(WRITTEN.getNano()).build();
    private static final Extent EXTENT = Extent.newBuilder().setPartition(1).setStartBlock(42).setByteOffset(10)
            .setByteCount(5000).setFileOffset(4096).build();

    @Test
    void anIndexStreamReachesTheSinkAsVolumeThenEntriesWithNanosecondTimes() {
        List<Object> seen = new ArrayList<>();
        IndexSink sink = new IndexSink() {
            @Override
            public void volume(VolumeSummary volume) {
                seen.add(volume);
            }

            @Override
            public void entry(TapeIndexEntry entry) {
                seen.add(entry);
            }
        };
        ProtoMapping.deliver("TAPE01L6", IndexMessage.newBuilder().setVolume(Volume.newBuilder().setVolumeTag("TAPE01L6")
                .setState(VolumeState.LTFS).setVolumeUuid("0b4e2c2a").setGeneration(7).setBlockSize(524288)
                .setCapacityBytes(1_500_000_000_000L).setRemainingBytes(1_000L)).build(), sink);
        ProtoMapping.deliver("TAPE01L6", IndexMessage.newBuilder().setEntry(IndexEntry.newBuilder().setPath("a/link")
                .setKind(EntryKind.SYMLINK).setSymlinkTarget("b").setModifyTime(WRITTEN_PROTO)).build(), sink);
        ProtoMapping.deliver("TAPE01L6", IndexMessage.newBuilder().setEntry(IndexEntry.newBuilder().setPath("a/file")
                .setKind(EntryKind.FILE).setLength(9096).setMode(0640).setUid(1000).setGid(100)
                .setModifyTime(WRITTEN_PROTO).setSymlinkTarget("ignored for a file").addExtents(EXTENT)
                .addXattrs(Xattr.newBuilder().setKey("ltfs.hash.sha256sum").setValue(ByteString.copyFromUtf8("ab"))))
                .build(), sink);

        assertThat(seen.get(0)).isEqualTo(new VolumeSummary("TAPE01L6", VolumeFormat.LTFS, "0b4e2c2a", 7, 524288,
                1_500_000_000_000L, 1_000L));
        TapeIndexEntry link = (TapeIndexEntry) seen.get(1);
        assertThat(link.kind()).isEqualTo(FileKind.SYMLINK);
        assertThat(link.symlinkTarget()).isEqualTo("b");
        TapeIndexEntry file = (TapeIndexEntry) seen.get(2);
        assertThat(file.symlinkTarget()).isNull();
        assertThat(file.times().modify()).isEqualTo(WRITTEN);
        assertThat(file.extents()).containsExactly(new TapeExtent(1, 42, 10, 5000, 4096));
        assertThat(file.xattrs()).singleElement().satisfies(x -> {
            assertThat(x.key()).isEqualTo("ltfs.hash.sha256sum");
            assertThat(x.value()).isEqualTo("ab".getBytes());
        });
        assertThatThrownBy(() -> ProtoMapping.deliver("TAPE01L6", IndexMessage.getDefaultInstance(), sink))
                .isInstanceOf(ControllerUnavailableException.class).hasMessageContaining("unexpected index message");
    }

    @Test
    void handsTheEntriesOfAGroupedMessageOverInOrder() {
        List<String> seen = new ArrayList<>();
        IndexSink sink = new IndexSink() {
            @Override
            public void volume(VolumeSummary volume) {
                seen.add("volume");
            }

            @Override
            public void entry(TapeIndexEntry entry) {
                seen.add(entry.path());
            }
        };
        ProtoMapping.deliver("TAPE01L6", IndexMessage.newBuilder().setEntries(IndexEntries.newBuilder()
                .addEntries(IndexEntry.newBuilder().setPath("").setKind(EntryKind.DIRECTORY))
                .addEntries(IndexEntry.newBuilder().setPath("a").setKind(EntryKind.DIRECTORY))
                .addEntries(IndexEntry.newBuilder().setPath("a/file").setKind(EntryKind.FILE))).build(), sink);

        assertThat(seen).containsExactly("", "a", "a/file");
    }

    @Test
    void aBlankCartridgeHasNoUuidAndAnUnknownStateIsUnsupported() {
        assertThat(ProtoMapping.volume(Volume.newBuilder().setVolumeTag("BLANK1L6").setState(VolumeState.BLANK).build()))
                .satisfies(v -> {
                    assertThat(v.format()).isEqualTo(VolumeFormat.BLANK);
                    assertThat(v.uuid()).isNull();
                });
        assertThat(ProtoMapping.volume(Volume.newBuilder().setVolumeTag("ODD001L6").build()).format())
                .isEqualTo(VolumeFormat.UNSUPPORTED);
    }

    @Test
    void aRecallBatchAndItsMessagesTranslateBothWays() {
        RecallRequest request = ProtoMapping.recallRequest(new RecallBatch("TAPE01L6",
                List.of(new RecallBatch.File(7, 9096, List.of(new TapeExtent(1, 42, 10, 5000, 4096))))));
        assertThat(request.getVolumeTag()).isEqualTo("TAPE01L6");
        assertThat(request.getFiles(0).getFileId()).isEqualTo(7);
        assertThat(request.getFiles(0).getLength()).isEqualTo(9096);
        assertThat(request.getFiles(0).getExtentsList()).containsExactly(EXTENT);

        RecallEvent chunk = ProtoMapping.recallEvent(RecallMessage.newBuilder().setChunk(RecallChunk.newBuilder()
                .setFileId(7).setOffset(4096).setData(ByteString.copyFromUtf8("tape bytes"))).build()).orElseThrow();
        assertThat(chunk).isInstanceOfSatisfying(RecallEvent.Chunk.class, c -> {
            assertThat(c.fileId()).isEqualTo(7);
            assertThat(c.offset()).isEqualTo(4096);
            assertThat(c.data().remaining()).isEqualTo(10);
            assertThat(c.data().isReadOnly()).isTrue();
        });
        assertThat(ProtoMapping.recallEvent(RecallMessage.getDefaultInstance())).isEmpty();
    }

    @Test
    void aMigrationSourceBecomesAFileStartAndTheResultAReport() {
        FileStart start = ProtoMapping.fileStart(new MigrationSource(9, "docs/link", FileKind.SYMLINK, 0, 0777, 1000,
                100, new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN), "../target", null));
        assertThat(start.getFileId()).isEqualTo(9);
        assertThat(start.getPath()).isEqualTo("docs/link");
        assertThat(start.getKind()).isEqualTo(EntryKind.SYMLINK);
        assertThat(start.getSymlinkTarget()).isEqualTo("../target");
        assertThat(start.getModifyTime()).isEqualTo(WRITTEN_PROTO);
        assertThat(ProtoMapping.fileStart(new MigrationSource(10, "docs/a", FileKind.FILE, 5, 0644, 0, 0,
                new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN), null, Path.of("/cache/10"))).getKind())
                .isEqualTo(EntryKind.FILE);

        MigrationReport report = ProtoMapping.report(MigrateResult.newBuilder()
                .setVolume(Volume.newBuilder().setVolumeTag("TAPE01L6").setState(VolumeState.LTFS).setGeneration(3))
                .addFiles(MigratedFile.newBuilder().setFileId(10).setPath("docs/a").addExtents(EXTENT).setSha256("cd"))
                .addRejected(RejectedFile.newBuilder().setFileId(11).setReason(RejectReason.PATH_CONFLICT))
                .addRejected(RejectedFile.newBuilder().setFileId(12).setReasonValue(99))
                .setVolumeFull(true).build());
        assertThat(report.volume()).get().extracting(VolumeSummary::generation).isEqualTo(3L);
        assertThat(report.migrated()).containsExactly(new MigrationReport.Migrated(10, "docs/a",
                List.of(new TapeExtent(1, 42, 10, 5000, 4096)), "cd"));
        assertThat(report.rejected()).extracting(MigrationReport.Rejected::reason)
                .containsExactly(MigrationReport.RejectReason.PATH_CONFLICT, MigrationReport.RejectReason.OTHER);
        assertThat(report.volumeFull()).isTrue();
        assertThat(ProtoMapping.report(MigrateResult.getDefaultInstance()).volume())
                .as("no volume taken").isEmpty();
    }

    @Test
    void aVolumeMountedEventNamesTheVolumeAndOtherEventsNone() {
        io.tapelib.proto.v1.Event mounted = io.tapelib.proto.v1.Event.newBuilder()
                .setVolumeMounted(Volume.newBuilder().setVolumeTag("TL0001L5").setState(VolumeState.LTFS)
                        .setVolumeUuid("5f2e").setGeneration(7).setWriteProtected(true).build()).build();
        io.tapelib.proto.v1.Event job = io.tapelib.proto.v1.Event.newBuilder()
                .setJob(io.tapelib.proto.v1.Job.newBuilder().setId(3).build()).build();

        assertThat(ProtoMapping.mountedVolume(mounted)).get().satisfies(volume -> {
            assertThat(volume.volumeTag()).isEqualTo("TL0001L5");
            assertThat(volume.format()).isEqualTo(VolumeFormat.LTFS);
            assertThat(volume.uuid()).isEqualTo("5f2e");
            assertThat(volume.generation()).isEqualTo(7);
            assertThat(volume.writeProtected()).isTrue();
        });
        assertThat(ProtoMapping.mountedVolume(job)).isEmpty();
    }

    @Test
    void aLibraryEventCarriesEveryElementAndOtherEventsNone() {
        io.tapelib.proto.v1.Element drive = io.tapelib.proto.v1.Element.newBuilder().setNumber(0).setFull(true)
                .setVolumeTag("TL0002L5").setSourceSlot(2).build();
        io.tapelib.proto.v1.Element slot = io.tapelib.proto.v1.Element.newBuilder().setNumber(1).setFull(true)
                .setVolumeTag("TL0003L5").build();
        io.tapelib.proto.v1.Element mail = io.tapelib.proto.v1.Element.newBuilder().setNumber(1).setFull(true)
                .setVolumeTag("TL0001L5").build();
        io.tapelib.proto.v1.Event library = io.tapelib.proto.v1.Event.newBuilder().setLibrary(
                io.tapelib.proto.v1.Library.newBuilder().addDrives(drive).addStorageSlots(slot)
                        .addImportExportSlots(mail)).build();
        io.tapelib.proto.v1.Event job = io.tapelib.proto.v1.Event.newBuilder()
                .setJob(io.tapelib.proto.v1.Job.newBuilder().setId(3).build()).build();

        assertThat(ProtoMapping.libraryEvent(library)).get().satisfies(inventory -> {
            assertThat(inventory.drives()).containsExactly(new LibraryElement(0, true, "TL0002L5", 2, false));
            assertThat(inventory.storageSlots()).containsExactly(new LibraryElement(1, true, "TL0003L5", 0, false));
            assertThat(inventory.importExportSlots()).containsExactly(new LibraryElement(1, true, "TL0001L5", 0, false));
        });
        assertThat(ProtoMapping.libraryEvent(job)).isEmpty();
    }

    @Test
    void specialFilesXattrsAndLinksTravelBothWays() {
        FileStart fifo = ProtoMapping.fileStart(new MigrationSource(11, "run/pipe", FileKind.FIFO, 0, 0640, 0, 0,
                new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN), null, null, List.of(), 0, List.of()));
        assertThat(fifo.getKind()).isEqualTo(EntryKind.FIFO);
        FileStart device = ProtoMapping.fileStart(new MigrationSource(12, "dev/sda1", FileKind.BLOCK_DEVICE, 0, 0660,
                0, 6, new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN), null, null, List.of(), (8L << 8) | 1,
                List.of()));
        assertThat(device.getKind()).isEqualTo(EntryKind.BLOCK_DEVICE);
        assertThat(device.getDeviceNumber()).isEqualTo(0x801);
        byte[] binary = {0, (byte) 0xff, 10};
        FileStart linked = ProtoMapping.fileStart(new MigrationSource(13, "data/a", FileKind.FILE, 5, 0644, 0, 0,
                new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN), null, Path.of("/cache/13"),
                List.of(new TapeIndexEntry.Xattr("blob", binary)), 0, List.of("links/b", "c")));
        assertThat(linked.getXattrsList()).containsExactly(Xattr.newBuilder().setKey("blob")
                .setValue(ByteString.copyFrom(binary)).build());
        assertThat(linked.getLinksList()).containsExactly("links/b", "c");

        TapeIndexEntry entry = ProtoMapping.entry(IndexEntry.newBuilder().setPath("dev/tty").setKind(EntryKind.CHARACTER_DEVICE)
                .setDeviceNumber(0x440).setModifyTime(WRITTEN_PROTO).build());
        assertThat(entry.kind()).isEqualTo(FileKind.CHARACTER_DEVICE);
        assertThat(entry.deviceNumber()).isEqualTo(0x440);
        assertThat(ProtoMapping.entry(IndexEntry.newBuilder().setPath("a").setKind(EntryKind.FILE).setLinkGroup("77")
                .setDeviceNumber(5).setModifyTime(WRITTEN_PROTO).build()))
                .extracting(TapeIndexEntry::linkGroup, TapeIndexEntry::deviceNumber).containsExactly("77", 0L);
        for (EntryKind kind : List.of(EntryKind.FIFO, EntryKind.SOCKET, EntryKind.BLOCK_DEVICE)) {
            assertThat(ProtoMapping.entry(IndexEntry.newBuilder().setPath("x").setKind(kind)
                    .setModifyTime(WRITTEN_PROTO).build()).kind().name()).isEqualTo(kind.name());
        }
    }

    @Test
    void indexChangesKeepTheirOrderAndEveryFieldAndTheAnswersTheirSkippedPositions() {
        FileTimes times = new FileTimes(WRITTEN, WRITTEN.plusSeconds(1), WRITTEN.plusSeconds(2), WRITTEN.plusSeconds(3));
        List<IndexChange> changes = List.of(new IndexChange.Rename("a/x", "b/x"), new IndexChange.Remove("a/y"),
                new IndexChange.Link("b/x2", "b/x"),
                new IndexChange.Put("b", FileKind.DIRECTORY, 0750, 7, 8, times, null,
                        List.of(new TapeIndexEntry.Xattr("color", new byte[] {(byte) 0xff, 0})), 0),
                new IndexChange.Put("b/l", FileKind.SYMLINK, 0777, 0, 0, times, "x", List.of(), 0));

        io.tapelib.proto.v1.UpdateIndexRequest request = ProtoMapping.updateIndexRequest("TAPE01L6", changes);

        assertThat(request.getVolumeTag()).isEqualTo("TAPE01L6");
        assertThat(request.getChanges(0).getRename().getFrom()).isEqualTo("a/x");
        assertThat(request.getChanges(0).getRename().getTo()).isEqualTo("b/x");
        assertThat(request.getChanges(1).getRemove().getPath()).isEqualTo("a/y");
        assertThat(request.getChanges(2).getLink().getPath()).isEqualTo("b/x2");
        assertThat(request.getChanges(2).getLink().getTarget()).isEqualTo("b/x");
        io.tapelib.proto.v1.EntryMetadata directory = request.getChanges(3).getPut();
        assertThat(directory.getKind()).isEqualTo(EntryKind.DIRECTORY);
        assertThat(directory.getMode()).isEqualTo(0750);
        assertThat(directory.getUid()).isEqualTo(7);
        assertThat(directory.getGid()).isEqualTo(8);
        assertThat(ProtoMapping.instant(directory.getModifyTime())).isEqualTo(WRITTEN);
        assertThat(ProtoMapping.instant(directory.getCreationTime())).isEqualTo(WRITTEN.plusSeconds(3));
        assertThat(directory.getXattrs(0).getKey()).isEqualTo("color");
        assertThat(directory.getXattrs(0).getValue().toByteArray()).containsExactly(0xff, 0);
        assertThat(request.getChanges(4).getPut().getSymlinkTarget()).isEqualTo("x");

        IndexUpdate update = ProtoMapping.indexUpdate(io.tapelib.proto.v1.UpdateIndexResult.newBuilder()
                .setVolume(Volume.newBuilder().setVolumeTag("TAPE01L6").setState(VolumeState.LTFS).setGeneration(9))
                .setApplied(4).addSkipped(io.tapelib.proto.v1.SkippedChange.newBuilder().setIndex(1)
                        .setDetail("no entry a/y")).build());
        assertThat(update.volume().generation()).isEqualTo(9);
        assertThat(update.applied()).isEqualTo(4);
        assertThat(update.skipped()).containsExactly(new IndexUpdate.Skipped(1, "no entry a/y"));

        MigrationReport report = ProtoMapping.report(MigrateResult.newBuilder()
                .setVolume(Volume.newBuilder().setVolumeTag("TAPE01L6").setState(VolumeState.LTFS))
                .setChangesApplied(true).addChangesSkipped(io.tapelib.proto.v1.SkippedChange.newBuilder().setIndex(2))
                .build());
        assertThat(report.changesApplied()).isTrue();
        assertThat(report.changesSkipped()).extracting(IndexUpdate.Skipped::index).containsExactly(2);
    }

    @Test
    void aDirectoryToMigrateGoesAsADirectoryEntry() {
        FileStart start = ProtoMapping.fileStart(new MigrationSource(5, "docs", FileKind.DIRECTORY, 0, 0750, 1, 2,
                new FileTimes(WRITTEN, WRITTEN, WRITTEN, WRITTEN), null, null, List.of(), 0, List.of()));
        assertThat(start.getKind()).isEqualTo(EntryKind.DIRECTORY);
        assertThat(start.getLength()).isZero();
        assertThat(start.getMode()).isEqualTo(0750);
    }
}
