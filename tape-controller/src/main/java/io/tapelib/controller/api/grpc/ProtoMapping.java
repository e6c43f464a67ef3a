package io.tapelib.controller.api.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.jobs.CleaningState;
import io.tapelib.controller.jobs.JobRecord;
import io.tapelib.controller.jobs.MigrationResult;
import io.tapelib.controller.jobs.RejectReason;
import io.tapelib.controller.jobs.VolumeSummary;
import io.tapelib.controller.library.DriveTimings;
import io.tapelib.controller.ltfs.ExpectedVolume;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.Extent;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.proto.v1.ElementType;
import io.tapelib.proto.v1.FileStart;
import io.tapelib.proto.v1.Job;
import io.tapelib.proto.v1.JobState;
import io.tapelib.proto.v1.JobType;
import io.tapelib.proto.v1.Library;
import io.tapelib.proto.v1.MigrateResult;
import io.tapelib.proto.v1.MigratedFile;
import io.tapelib.proto.v1.RecallRequest;
import io.tapelib.proto.v1.RejectedFile;
import io.tapelib.proto.v1.Volume;
import io.tapelib.proto.v1.VolumeState;
import io.tapelib.proto.v1.Xattr;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Conversions between the controller's records and the tapelib.v1 messages (sizes in bytes, positions in blocks). */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static Library library(Inventory inventory, DriveTimings timings) {
        return library(inventory, timings, CleaningState.NONE);
    }

    /** The library with the drives' cleaning requests and the cleaning cartridges' uses. */
    static Library library(Inventory inventory, DriveTimings timings, CleaningState cleaning) {
        return Library.newBuilder()
                .setTimings(io.tapelib.proto.v1.DriveTimings.newBuilder()
                        .setRobotMoveSeconds(timings.robotMoveSeconds())
                        .setLoadSeconds(timings.loadSeconds())
                        .setUnloadSeconds(timings.unloadSeconds())
                        .setEndToEndSeconds(timings.endToEndSeconds())
                        .setStreamingBytesPerSecond(timings.streamingBytesPerSecond())
                        .setScale(timings.scale()))
                .addAllDrives(inventory.dataTransfer().stream().map(e -> element(e, ElementType.DATA_TRANSFER, cleaning)).toList())
                .addAllStorageSlots(inventory.storage().stream().map(e -> element(e, ElementType.STORAGE, cleaning)).toList())
                .addAllImportExportSlots(inventory.importExport().stream().map(e -> element(e, ElementType.IMPORT_EXPORT, cleaning)).toList())
                .build();
    }

    private static io.tapelib.proto.v1.Element element(Element element, ElementType type, CleaningState cleaning) {
        CleaningState.CleaningUse use = cleaning.of(element.volumeTag().orElse(""));
        return io.tapelib.proto.v1.Element.newBuilder()
                .setType(type)
                .setNumber(element.number())
                .setFull(element.full())
                .setVolumeTag(element.volumeTag().orElse(""))
                .setSourceSlot(element.sourceSlot().orElse(0))
                .setCleaning(element.isCleaningCartridge())
                .setNeedsCleaning(type == ElementType.DATA_TRANSFER && cleaning.drivesAsking().contains(element.number()))
                .setCleaningUses(element.isCleaningCartridge() ? use.uses() : 0)
                .setCleaningExpired(element.isCleaningCartridge() && use.expired())
                .build();
    }

    /** The proto's job type. */
    private static JobType jobType(io.tapelib.controller.jobs.JobType type) {
        return switch (type) {
            case RECOVER -> JobType.RECOVER;
            case UPDATE_INDEX -> JobType.UPDATE_INDEX;
            default -> JobType.valueOf(type.name());
        };
    }

    static Job job(JobRecord job) {
        Job.Builder builder = Job.newBuilder()
                .setId(job.id())
                .setType(jobType(job.type()))
                .setState(JobState.valueOf(job.state().name()))
                .setVolumeTag(job.volumeTag().orElse(""))
                .setDrive(job.drive())
                .setSubmitted(timestamp(job.submitted()))
                .setBytes(job.bytes())
                .setTotalBytes(job.progress().totalBytes())
                .setFiles(job.progress().files())
                .setTotalFiles(job.progress().totalFiles())
                .setDetail(job.progress().detail())
                .setSlot(job.progress().slot())
                .setError(job.error().orElse(""));
        job.started().ifPresent(t -> builder.setStarted(timestamp(t)));
        job.finished().ifPresent(t -> builder.setFinished(timestamp(t)));
        return builder.build();
    }

    static Volume volume(VolumeSummary summary) {
        return Volume.newBuilder()
                .setVolumeTag(summary.volumeTag())
                .setState(VolumeState.valueOf(summary.kind().name()))
                .setVolumeUuid(summary.volumeUuid())
                .setGeneration(summary.generation())
                .setBlockSize(summary.blockSize())
                .setCapacityBytes(summary.capacityBytes())
                .setRemainingBytes(summary.remainingBytes())
                .setDetail(summary.detail() == null ? "" : summary.detail())
                .setWriteProtected(summary.writeProtected())
                .build();
    }

    static io.tapelib.proto.v1.IndexEntry entry(IndexEntry entry) {
        io.tapelib.proto.v1.IndexEntry.Builder builder = io.tapelib.proto.v1.IndexEntry.newBuilder()
                .setPath(entry.path())
                .setKind(io.tapelib.proto.v1.EntryKind.valueOf(entry.kind().name()))
                .setDeviceNumber(entry.deviceNumber())
                .setLinkGroup(entry.linkGroup())
                .setLength(entry.length())
                .setMode(entry.mode())
                .setUid(entry.uid())
                .setGid(entry.gid())
                .setSymlinkTarget(entry.symlinkTarget() == null ? "" : entry.symlinkTarget())
                .setFileUid(entry.fileUid())
                .setReadonly(entry.readonly())
                .addAllExtents(extents(entry.extents()));
        if (entry.modifyTime() != null) {
            builder.setModifyTime(timestamp(entry.modifyTime()));
        }
        if (entry.changeTime() != null) {
            builder.setChangeTime(timestamp(entry.changeTime()));
        }
        if (entry.accessTime() != null) {
            builder.setAccessTime(timestamp(entry.accessTime()));
        }
        if (entry.creationTime() != null) {
            builder.setCreationTime(timestamp(entry.creationTime()));
        }
        entry.xattrs().forEach((key, value) -> builder.addXattrs(Xattr.newBuilder().setKey(key)
                .setValue(ByteString.copyFrom(value.bytes()))));
        return builder.build();
    }

    static List<io.tapelib.proto.v1.Extent> extents(List<Extent> extents) {
        return extents.stream().map(e -> io.tapelib.proto.v1.Extent.newBuilder()
                .setPartition(e.partition())
                .setStartBlock(e.startBlock())
                .setByteOffset(e.byteOffset())
                .setByteCount(e.byteCount())
                .setFileOffset(e.fileOffset())
                .build()).toList();
    }

    static List<Extent> extentsFromProto(List<io.tapelib.proto.v1.Extent> extents) {
        return extents.stream().map(e -> new Extent(e.getPartition(), e.getStartBlock(), e.getByteOffset(),
                e.getByteCount(), e.getFileOffset())).toList();
    }

    /**
     * The metadata of a file to migrate.
     *
     * @throws IllegalArgumentException no path, or an unspecified kind
     */
    static FileMetadata metadata(FileStart start) {
        if (start.getPath().isBlank()) {
            throw new IllegalArgumentException("file " + start.getFileId() + " has no path");
        }
        EntryKind kind = kind(start.getKind()).orElseThrow(() -> new IllegalArgumentException("file "
                + start.getPath() + " has no kind"));
        Instant modify = start.hasModifyTime() ? instant(start.getModifyTime()) : Instant.now();
        return new FileMetadata(start.getPath(), kind, start.getMode(), start.getUid(), start.getGid(),
                start.hasCreationTime() ? instant(start.getCreationTime()) : modify,
                start.hasChangeTime() ? instant(start.getChangeTime()) : modify,
                modify,
                start.hasAccessTime() ? instant(start.getAccessTime()) : modify,
                kind == EntryKind.SYMLINK ? start.getSymlinkTarget() : null,
                kind.device() ? start.getDeviceNumber() : 0);
    }

    /**
     * The LTFS layer's kind of an entry; empty when unspecified.
     */
    static Optional<EntryKind> kind(io.tapelib.proto.v1.EntryKind kind) {
        return switch (kind) {
            case FILE -> Optional.of(EntryKind.FILE);
            case DIRECTORY -> Optional.of(EntryKind.DIRECTORY);
            case SYMLINK -> Optional.of(EntryKind.SYMLINK);
            case FIFO -> Optional.of(EntryKind.FIFO);
            case CHARACTER_DEVICE -> Optional.of(EntryKind.CHARACTER_DEVICE);
            case BLOCK_DEVICE -> Optional.of(EntryKind.BLOCK_DEVICE);
            case SOCKET -> Optional.of(EntryKind.SOCKET);
            case ENTRY_KIND_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
        };
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** A migration batch's result: the files on tape, the files rejected and whether the volume filled. */
    static MigrateResult migrateResult(MigrationResult result) {
        MigrateResult.Builder builder = MigrateResult.newBuilder().setVolumeFull(result.volumeFull());
        result.changes().ifPresent(changes -> builder.setChangesApplied(true)
                .addAllChangesSkipped(ChangeMapping.skipped(changes)));
        result.volume().ifPresent(v -> builder.setVolume(volume(v)));
        result.files().forEach(f -> builder.addFiles(MigratedFile.newBuilder().setFileId(f.fileId())
                .setPath(f.entry().path()).addAllExtents(extents(f.entry().extents())).setSha256(f.sha256())));
        result.rejected().forEach(r -> builder.addRejected(RejectedFile.newBuilder().setFileId(r.fileId())
                .setPath(r.path()).setReason(rejectReason(r.reason())).setDetail(r.detail())));
        return builder.build();
    }

    static io.tapelib.proto.v1.RejectReason rejectReason(RejectReason reason) {
        return switch (reason) {
            case PATH_CONFLICT -> io.tapelib.proto.v1.RejectReason.PATH_CONFLICT;
            case TOO_LARGE -> io.tapelib.proto.v1.RejectReason.TOO_LARGE;
            case VOLUME_FULL -> io.tapelib.proto.v1.RejectReason.VOLUME_FULL;
            case INVALID -> io.tapelib.proto.v1.RejectReason.INVALID;
        };
    }

    /**
     * The caller's view of the volume a recall reads ({@code expected_uuid}, {@code expected_generation},
     * {@code block_size}); unknown when no UUID or generation is given.
     *
     * @throws IllegalArgumentException a generation or block size beyond what a volume can have (the unsigned field's
     *                                  top bit set), naming the field
     */
    static ExpectedVolume expectedVolume(RecallRequest request) {
        if (request.getExpectedGeneration() < 0) {
            throw new IllegalArgumentException("expected_generation " + Long.toUnsignedString(request.getExpectedGeneration())
                    + " is not an index generation");
        }
        if (request.getBlockSize() < 0) {
            throw new IllegalArgumentException("block_size " + Integer.toUnsignedString(request.getBlockSize())
                    + " is not a logical block size");
        }
        return new ExpectedVolume(request.getExpectedUuid(), request.getExpectedGeneration(), request.getBlockSize());
    }
}
