package io.tapelib.gateway.controller;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.proto.v1.Element;
import io.tapelib.proto.v1.EntryKind;
import io.tapelib.proto.v1.Event;
import io.tapelib.proto.v1.EntryMetadata;
import io.tapelib.proto.v1.Extent;
import io.tapelib.proto.v1.FileStart;
import io.tapelib.proto.v1.LinkEntry;
import io.tapelib.proto.v1.RemoveEntry;
import io.tapelib.proto.v1.RenameEntry;
import io.tapelib.proto.v1.SkippedChange;
import io.tapelib.proto.v1.UpdateIndexRequest;
import io.tapelib.proto.v1.UpdateIndexResult;
import io.tapelib.proto.v1.Xattr;
import io.tapelib.proto.v1.IndexEntry;
import io.tapelib.proto.v1.IndexMessage;
import io.tapelib.proto.v1.Library;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.MigratedFile;
import io.tapelib.proto.v1.RecallFile;
import io.tapelib.proto.v1.RecallMessage;
import io.tapelib.proto.v1.RecallRequest;
import io.tapelib.proto.v1.RejectedFile;
import io.tapelib.proto.v1.Volume;
import io.tapelib.proto.v1.Xattr;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Translates between the tapelib.v1 contract (proto/src/main/resources/tapelib/v1/tape_controller.proto) and
 * the port's records; the only place that knows both.
 */
final class ProtoMapping {
    private ProtoMapping() {
    }

    static LibraryInventory library(Library library) {
        return new LibraryInventory(elements(library.getDrivesList()), elements(library.getStorageSlotsList()),
                elements(library.getImportExportSlotsList()), library.hasTimings() ? timings(library.getTimings()) : null);
    }

    private static io.tapelib.gateway.controller.DriveTimings timings(io.tapelib.proto.v1.DriveTimings t) {
        return new io.tapelib.gateway.controller.DriveTimings(t.getRobotMoveSeconds(), t.getLoadSeconds(),
                t.getUnloadSeconds(), t.getEndToEndSeconds(), t.getStreamingBytesPerSecond(), t.getScale());
    }

    private static List<LibraryElement> elements(List<Element> elements) {
        return elements.stream().map(e -> new LibraryElement(e.getNumber(), e.getFull(), e.getVolumeTag(),
                e.getSourceSlot(), e.getCleaning())).toList();
    }

    /**
     * Hands one ReadIndex message to the sink: the volume, one entry, or several entries in index order.
     *
     * @throws ControllerUnavailableException (INTERNAL) for a message with neither payload
     */
    static void deliver(String volumeTag, IndexMessage message, IndexSink sink) {
        if (message.hasVolume()) {
            sink.volume(volume(message.getVolume()));
        } else if (message.hasEntry()) {
            sink.entry(entry(message.getEntry()));
        } else if (message.hasEntries()) {
            for (IndexEntry entry : message.getEntries().getEntriesList()) {
                sink.entry(entry(entry));
            }
        } else {
            throw new ControllerUnavailableException("INTERNAL", volumeTag + ": unexpected index message", null);
        }
    }

    /** The volume a WatchEvents event says a job mounted; empty for the other events (jobs, the library). */
    /** The whole library an Event.library carries; empty for other events. */
    static Optional<LibraryInventory> libraryEvent(Event event) {
        return event.hasLibrary() ? Optional.of(library(event.getLibrary())) : Optional.empty();
    }

    static Optional<VolumeSummary> mountedVolume(Event event) {
        return event.hasVolumeMounted() && !event.getVolumeMounted().getVolumeTag().isBlank()
                ? Optional.of(volume(event.getVolumeMounted())) : Optional.empty();
    }

    static VolumeSummary volume(Volume volume) {
        VolumeFormat format = switch (volume.getState()) {
            case LTFS -> VolumeFormat.LTFS;
            case BLANK -> VolumeFormat.BLANK;
            default -> VolumeFormat.UNSUPPORTED;
        };
        return new VolumeSummary(volume.getVolumeTag(), format,
                volume.getVolumeUuid().isEmpty() ? null : volume.getVolumeUuid(), volume.getGeneration(),
                volume.getBlockSize(), volume.getCapacityBytes(), volume.getRemainingBytes(),
                volume.getWriteProtected());
    }

    static TapeIndexEntry entry(IndexEntry entry) {
        FileKind kind = switch (entry.getKind()) {
            case DIRECTORY -> FileKind.DIRECTORY;
            case SYMLINK -> FileKind.SYMLINK;
            case FIFO -> FileKind.FIFO;
            case CHARACTER_DEVICE -> FileKind.CHARACTER_DEVICE;
            case BLOCK_DEVICE -> FileKind.BLOCK_DEVICE;
            case SOCKET -> FileKind.SOCKET;
            default -> FileKind.FILE;
        };
        return new TapeIndexEntry(entry.getPath(), kind, entry.getLength(), entry.getMode(), entry.getUid(),
                entry.getGid(), new FileTimes(instant(entry.getModifyTime()), instant(entry.getChangeTime()),
                instant(entry.getAccessTime()), instant(entry.getCreationTime())),
                kind == FileKind.SYMLINK ? entry.getSymlinkTarget() : null,
                entry.getExtentsList().stream().map(ProtoMapping::extent).toList(),
                entry.getXattrsList().stream()
                        .map(x -> new TapeIndexEntry.Xattr(x.getKey(), x.getValue().toByteArray())).toList(),
                kind.isDevice() ? entry.getDeviceNumber() : 0, entry.getLinkGroup());
    }

    static RecallRequest recallRequest(RecallBatch batch) {
        RecallRequest.Builder request = RecallRequest.newBuilder().setVolumeTag(batch.volumeTag())
                .setExpectedUuid(batch.expected().uuid()).setExpectedGeneration(batch.expected().generation())
                .setBlockSize((int) batch.expected().blockSize());
        for (RecallBatch.File file : batch.files()) {
            request.addFiles(RecallFile.newBuilder().setFileId(file.fileId()).setLength(file.length())
                    .addAllExtents(file.extents().stream().map(ProtoMapping::extent).toList())
                    .setFromOffset(file.fromOffset()));
        }
        return request.build();
    }

    /** The event a Recall message carries; empty for a message with neither payload (a newer controller). */
    static Optional<RecallEvent> recallEvent(RecallMessage message) {
        if (message.hasChunk()) {
            return Optional.of(new RecallEvent.Chunk(message.getChunk().getFileId(), message.getChunk().getOffset(),
                    message.getChunk().getData().asReadOnlyByteBuffer()));
        }
        if (message.hasDone()) {
            return Optional.of(new RecallEvent.FileDone(message.getDone().getFileId()));
        }
        return Optional.empty();
    }

    static FileStart fileStart(MigrationSource file) {
        FileStart.Builder start = FileStart.newBuilder()
                .setFileId(file.fileId())
                .setPath(file.path())
                .setKind(entryKind(file.kind()))
                .setLength(file.length())
                .setMode(file.mode())
                .setUid(file.uid())
                .setGid(file.gid())
                .setModifyTime(timestamp(file.times().modify()))
                .setChangeTime(timestamp(file.times().change()))
                .setAccessTime(timestamp(file.times().access()))
                .setCreationTime(timestamp(file.times().creation()));
        if (file.symlinkTarget() != null) {
            start.setSymlinkTarget(file.symlinkTarget());
        }
        for (TapeIndexEntry.Xattr xattr : file.xattrs()) {
            start.addXattrs(Xattr.newBuilder().setKey(xattr.key()).setValue(ByteString.copyFrom(xattr.value())));
        }
        return start.setDeviceNumber(file.deviceNumber()).addAllLinks(file.links()).build();
    }

    static EntryKind entryKind(FileKind kind) {
        return switch (kind) {
            case DIRECTORY -> EntryKind.DIRECTORY;
            case FILE -> EntryKind.FILE;
            case SYMLINK -> EntryKind.SYMLINK;
            case FIFO -> EntryKind.FIFO;
            case CHARACTER_DEVICE -> EntryKind.CHARACTER_DEVICE;
            case BLOCK_DEVICE -> EntryKind.BLOCK_DEVICE;
            case SOCKET -> EntryKind.SOCKET;
        };
    }

    static MigrationReport report(MigrateResult result) {
        Optional<VolumeSummary> volume = result.hasVolume() && !result.getVolume().getVolumeTag().isEmpty()
                ? Optional.of(volume(result.getVolume())) : Optional.empty();
        return new MigrationReport(volume, result.getFilesList().stream().map(ProtoMapping::migrated).toList(),
                result.getRejectedList().stream().map(ProtoMapping::rejected).toList(), result.getVolumeFull(),
                result.getChangesApplied(), result.getChangesSkippedList().stream().map(ProtoMapping::skipped).toList());
    }

    static io.tapelib.proto.v1.VolumeChanges volumeChanges(VolumeChanges changes) {
        return io.tapelib.proto.v1.VolumeChanges.newBuilder().setVolumeTag(changes.volumeTag())
                .addAllChanges(changes.changes().stream().map(ProtoMapping::change).toList()).build();
    }

    static UpdateIndexRequest updateIndexRequest(String volumeTag, List<IndexChange> changes) {
        return UpdateIndexRequest.newBuilder().setVolumeTag(volumeTag)
                .addAllChanges(changes.stream().map(ProtoMapping::change).toList()).build();
    }

    static IndexUpdate indexUpdate(UpdateIndexResult result) {
        return new IndexUpdate(volume(result.getVolume()), result.getApplied(),
                result.getSkippedList().stream().map(ProtoMapping::skipped).toList());
    }

    static io.tapelib.proto.v1.IndexChange change(IndexChange change) {
        io.tapelib.proto.v1.IndexChange.Builder builder = io.tapelib.proto.v1.IndexChange.newBuilder();
        if (change instanceof IndexChange.Put put) {
            EntryMetadata.Builder metadata = EntryMetadata.newBuilder()
                    .setPath(put.path())
                    .setKind(entryKind(put.kind()))
                    .setMode(put.mode())
                    .setUid(put.uid())
                    .setGid(put.gid())
                    .setModifyTime(timestamp(put.times().modify()))
                    .setChangeTime(timestamp(put.times().change()))
                    .setAccessTime(timestamp(put.times().access()))
                    .setCreationTime(timestamp(put.times().creation()))
                    .setDeviceNumber(put.deviceNumber());
            if (put.symlinkTarget() != null) {
                metadata.setSymlinkTarget(put.symlinkTarget());
            }
            for (TapeIndexEntry.Xattr xattr : put.xattrs()) {
                metadata.addXattrs(Xattr.newBuilder().setKey(xattr.key())
                        .setValue(com.google.protobuf.ByteString.copyFrom(xattr.value())));
            }
            builder.setPut(metadata);
        } else if (change instanceof IndexChange.Rename rename) {
            builder.setRename(RenameEntry.newBuilder().setFrom(rename.path()).setTo(rename.to()));
        } else if (change instanceof IndexChange.Remove remove) {
            builder.setRemove(RemoveEntry.newBuilder().setPath(remove.path()));
        } else if (change instanceof IndexChange.Link link) {
            builder.setLink(LinkEntry.newBuilder().setPath(link.path()).setTarget(link.target()));
        }
        return builder.build();
    }

    private static IndexUpdate.Skipped skipped(SkippedChange skipped) {
        return new IndexUpdate.Skipped(skipped.getIndex(), skipped.getDetail());
    }

    private static MigrationReport.Migrated migrated(MigratedFile file) {
        return new MigrationReport.Migrated(file.getFileId(), file.getPath(),
                file.getExtentsList().stream().map(ProtoMapping::extent).toList(), file.getSha256());
    }

    private static MigrationReport.Rejected rejected(RejectedFile file) {
        MigrationReport.RejectReason reason = switch (file.getReason()) {
            case PATH_CONFLICT -> MigrationReport.RejectReason.PATH_CONFLICT;
            case TOO_LARGE -> MigrationReport.RejectReason.TOO_LARGE;
            case VOLUME_FULL -> MigrationReport.RejectReason.VOLUME_FULL;
            case INVALID -> MigrationReport.RejectReason.INVALID;
            default -> MigrationReport.RejectReason.OTHER;
        };
        return new MigrationReport.Rejected(file.getFileId(), file.getPath(), reason, file.getDetail());
    }

    static TapeExtent extent(Extent extent) {
        return new TapeExtent(extent.getPartition(), extent.getStartBlock(), extent.getByteOffset(),
                extent.getByteCount(), extent.getFileOffset());
    }

    static Extent extent(TapeExtent extent) {
        return Extent.newBuilder().setPartition(extent.partition()).setStartBlock(extent.startBlock())
                .setByteOffset(extent.byteOffset()).setByteCount(extent.byteCount()).setFileOffset(extent.fileOffset())
                .build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
