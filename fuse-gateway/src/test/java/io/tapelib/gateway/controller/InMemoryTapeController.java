package io.tapelib.gateway.controller;

import io.tapelib.gateway.posix.FileKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link TapeController} in memory, for tests of the tiering package without a controller process: a library
 * of LTFS volumes whose data partition is a byte array of fixed-size logical blocks. Migrate appends each file to
 * the chosen volume (whole blocks per file, as LTFS writes them) and reports its extents and SHA-256; Recall
 * reads the extents back in chunks; ReadIndex streams what a test put in the volume's index. Calls are recorded
 * so tests can assert what the gateway asked for. Thread-safe where the gateway calls it from its own threads.
 * The volumes are {@link InMemoryVolume}s in an {@link InMemoryLibrary}; WatchEvents' events wait in
 * {@link InMemoryEvents}.
 */
public final class InMemoryTapeController implements TapeController {
    /** Logical block size of every volume, bytes. */
    public static final int BLOCK_SIZE = 4096;
    /** Largest chunk a recall delivers, bytes (the real controller sends up to 1 MiB). */
    static final int RECALL_CHUNK = 1000;

    /** The volumes and where they are; guarded by this. */
    private final InMemoryLibrary tapes = new InMemoryLibrary();
    private volatile ControllerUnavailableException failure;
    private volatile Consumer<List<MigrationSource>> duringMigrate = files -> { };
    private final Map<String, MigrationReport.RejectReason> refusals = new LinkedHashMap<>();
    private volatile boolean ignoreHeaderChanges;

    /** Every Migrate call: the files as sent (data read at call time). */
    public final List<List<SentFile>> migrations = new CopyOnWriteArrayList<>();
    /** Every Migrate call's header lists of pending changes, in order. */
    public final List<List<VolumeChanges>> headers = new CopyOnWriteArrayList<>();
    /** Every UpdateIndex call, in order. */
    public final List<VolumeChanges> indexUpdates = new CopyOnWriteArrayList<>();
    /** Every Migrate call's excluded volume tags, in order. */
    public final List<java.util.Set<String>> exclusions = new CopyOnWriteArrayList<>();
    /** Every Reclaim call, in order. */
    public final List<ReclaimBatch> reclaims = new CopyOnWriteArrayList<>();
    /** Every volume formatted, in order. */
    public final List<String> formats = new CopyOnWriteArrayList<>();
    private volatile Consumer<ReclaimBatch> duringReclaim = batch -> { };
    /** Every Recall call, in order. */
    public final List<RecallBatch> recalls = new CopyOnWriteArrayList<>();
    /** The volume tag of every ReadIndex call, in order. */
    public final List<String> indexReads = new CopyOnWriteArrayList<>();
    /** Mounts and library changes not yet taken by a watcher. */
    private final InMemoryEvents events = new InMemoryEvents();
    /** How often the gateway asked whether the controller answers. */
    public final AtomicInteger connectionChecks = new AtomicInteger();
    /** Every Migrate call's preferred volume tag ("" for none), in order. */
    public final List<String> preferredTags = new CopyOnWriteArrayList<>();
    /** The volume each Migrate call wrote to, in the order the calls were answered. */
    public final List<String> writtenTags = new CopyOnWriteArrayList<>();
    /** Volumes a Migrate call in progress writes to: a call without a preferred tag takes another (as the controller). */
    private final List<String> writing = new ArrayList<>();

    /** One migrated file as the controller received it. */
    public record SentFile(MigrationSource source, byte[] content) {
    }

    /** Adds an LTFS volume of {@code capacityBytes} in a storage slot; the first added is where Migrate writes. */
    public synchronized InMemoryTapeController volume(String volumeTag, long capacityBytes) {
        tapes.add(volumeTag, capacityBytes);
        return this;
    }

    /** Puts an entry in a volume's index, as another LTFS writer would have left it. */
    public synchronized InMemoryTapeController indexEntry(String volumeTag, TapeIndexEntry entry) {
        tapes.get(volumeTag).index.add(entry);
        return this;
    }

    /** Writes a new index on a volume, as another LTFS writer would: its index generation goes up by one. */
    public synchronized InMemoryTapeController newIndexGeneration(String volumeTag) {
        tapes.get(volumeTag).generation++;
        return this;
    }

    /** Appends bytes to a volume's data partition and returns the extent naming them (fileOffset 0). */
    public synchronized TapeExtent write(String volumeTag, byte[] bytes) {
        return tapes.get(volumeTag).append(bytes);
    }

    /** Makes ReadIndex of this volume fail with {@code failure}. */
    public synchronized void failIndexRead(String volumeTag, RuntimeException failure) {
        tapes.get(volumeTag).indexFailure = failure;
    }

    /** Gives the library {@code count} drives (empty ones beside those {@link #loaded} fills). */
    public void drives(int count) {
        tapes.drives(count);
    }

    /** The volumes in drives (the rest sit in storage slots). */
    public void loaded(String... volumeTags) {
        tapes.loaded(List.of(volumeTags));
    }

    /** From now on every call fails with UNAVAILABLE (the controller is away), or, with false, answers again. */
    public void away(boolean away) {
        this.failure = away ? new ControllerUnavailableException("UNAVAILABLE", "the controller is away", null) : null;
    }

    /** Sets a volume's write-protect tab: Reclaim from it is refused as the controller refuses it (mounts say so). */
    public synchronized void writeProtect(String volumeTag) {
        tapes.get(volumeTag).writeProtected = true;
    }

    /** Refuses to migrate the path (relative to the volume root) for the reason given. */
    public synchronized void refuse(String path, MigrationReport.RejectReason reason) {
        refusals.put(path, reason);
    }

    /** Ignores the Migrate header's pending changes from now on, as a controller older than UpdateIndex does. */
    public void ignoreHeaderChanges() {
        this.ignoreHeaderChanges = true;
    }

    /** Runs {@code action} inside every Migrate call, after the data was read and before the report. */
    public void duringMigrate(Consumer<List<MigrationSource>> action) {
        this.duringMigrate = action;
    }

    /** The bytes a volume holds at an extent. */
    public synchronized byte[] read(String volumeTag, TapeExtent extent) {
        return tapes.get(volumeTag).read(extent);
    }

    /** Announces that a job mounted the volume as its index now stands (what WatchEvents carries). */
    public synchronized void mounted(String volumeTag) {
        events.mounted(tapes.get(volumeTag).summary());
    }

    /** Moves a volume to an import/export element, as Export does, and announces the library (Event.library). */
    public synchronized void export(String volumeTag) {
        tapes.exported(volumeTag, true);
        events.libraryChanged(library());
    }

    /** Moves an exported volume back to a storage slot, as Import does, and announces the library. */
    public synchronized void importBack(String volumeTag) {
        tapes.exported(volumeTag, false);
        events.libraryChanged(library());
    }

    /** Announces the library as it stands (Event.library), e.g. after {@link #volume} put a new cartridge in a slot. */
    public synchronized void announceLibrary() {
        events.libraryChanged(library());
    }

    /** Hands announced mounts to {@code mounted} until interrupted (then CANCELLED) or the controller is away. */
    @Override
    public void watchMountedVolumes(Consumer<VolumeSummary> mounted) {
        watchEvents(mounted, library -> { });
    }

    /** Hands announced mounts and library changes to the consumers until interrupted or the controller is away. */
    @Override
    public void watchEvents(Consumer<VolumeSummary> mounted, Consumer<LibraryInventory> library) {
        events.watch(mounted, library, () -> failure);
    }

    @Override
    public boolean awaitConnection(Duration timeout) {
        connectionChecks.incrementAndGet();
        return failure == null;
    }

    @Override
    public synchronized LibraryInventory library() {
        checkAvailable();
        return tapes.inventory();
    }

    @Override
    public void readIndex(String volumeTag, IndexSink sink) {
        indexReads.add(volumeTag);
        VolumeSummary volume;
        List<TapeIndexEntry> entries;
        synchronized (this) {
            checkAvailable();
            InMemoryVolume tape = tapes.require(volumeTag);
            if (tape.indexFailure != null) {
                throw tape.indexFailure;
            }
            volume = tape.summary();
            entries = List.copyOf(tape.index);
        }
        sink.volume(volume);
        entries.forEach(sink::entry);
    }

    @Override
    public void recall(RecallBatch batch, Consumer<RecallEvent> events) {
        checkAvailable();
        synchronized (this) {
            if (tapes.exported(batch.volumeTag())) {
                throw new ControllerUnavailableException("FAILED_PRECONDITION", batch.volumeTag()
                        + " is in an import/export element", null);
            }
        }
        recalls.add(batch);
        for (RecallBatch.File file : batch.files()) {
            for (TapeExtent extent : file.extents()) {
                byte[] bytes = read(batch.volumeTag(), extent);
                // the caller holds the bytes before its from offset: they are not sent
                int held = (int) Math.min(bytes.length, Math.max(0, file.fromOffset() - extent.fileOffset()));
                for (int at = held; at < bytes.length; at += RECALL_CHUNK) {
                    int n = Math.min(RECALL_CHUNK, bytes.length - at);
                    events.accept(new RecallEvent.Chunk(file.fileId(), extent.fileOffset() + at,
                            ByteBuffer.wrap(bytes, at, n).slice().asReadOnlyBuffer()));
                }
            }
            events.accept(new RecallEvent.FileDone(file.fileId()));
        }
    }

    /**
     * Records the changes and answers that every change but a rename or removal of a path the volume's index
     * does not name was applied (the index entries a test put are the paths it names; files migrated count too).
     */
    @Override
    public IndexUpdate updateIndex(String volumeTag, List<IndexChange> changes) {
        checkAvailable();
        indexUpdates.add(new VolumeChanges(volumeTag, changes));
        synchronized (this) {
            InMemoryVolume tape = tapes.require(volumeTag);
            List<IndexUpdate.Skipped> skipped = tape.apply(changes);
            tape.generation++;
            return new IndexUpdate(tape.summary(), changes.size() - skipped.size(), skipped);
        }
    }

    /** Paths each volume's index names now, as the changes and migrations left them. */
    public synchronized List<String> indexPaths(String volumeTag) {
        return List.copyOf(tapes.get(volumeTag).paths);
    }

    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files,
                                   List<VolumeChanges> pending) {
        return migrate(preferredVolumeTag, files, pending, java.util.Set.of());
    }

    /** Writes as the controller does: never to an excluded volume, also when it is the preferred one. */
    @Override
    public MigrationReport migrate(String preferredVolumeTag, List<MigrationSource> files,
                                   List<VolumeChanges> pending, java.util.Set<String> excludeVolumeTags) {
        checkAvailable();
        headers.add(List.copyOf(pending));
        preferredTags.add(preferredVolumeTag);
        exclusions.add(java.util.Set.copyOf(excludeVolumeTags));
        InMemoryVolume tape;
        synchronized (this) {
            tape = tapes.migrationTarget(preferredVolumeTag, excludeVolumeTags, writing);
            writing.add(tape.volumeTag);
        }
        try {
            return write(tape, files, pending);
        } finally {
            synchronized (this) {
                writing.remove(tape.volumeTag);
            }
        }
    }

    private MigrationReport write(InMemoryVolume tape, List<MigrationSource> files, List<VolumeChanges> pending) {
        List<SentFile> sent = new ArrayList<>();
        for (MigrationSource file : files) {
            try {
                sent.add(new SentFile(file, file.data() == null ? new byte[0] : Files.readAllBytes(file.data())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        migrations.add(sent);
        duringMigrate.accept(files);
        return writeSent(tape, sent, pending);
    }

    private MigrationReport writeSent(InMemoryVolume tape, List<SentFile> sent, List<VolumeChanges> pending) {
        synchronized (this) {
            writtenTags.add(tape.volumeTag);
            List<MigrationReport.Migrated> migrated = new ArrayList<>();
            List<MigrationReport.Rejected> rejected = new ArrayList<>();
            boolean full = false;
            VolumeChanges changes = ignoreHeaderChanges ? null : pending.stream()
                    .filter(list -> list.volumeTag().equals(tape.volumeTag)).findFirst().orElse(null);
            List<IndexUpdate.Skipped> skipped = changes == null ? List.of() : tape.apply(changes.changes());
            for (SentFile file : sent) {
                MigrationSource source = file.source();
                MigrationReport.RejectReason refusal = refusals.get(source.path());
                if (refusal != null) {
                    rejected.add(new MigrationReport.Rejected(source.fileId(), source.path(), refusal, "refused"));
                } else if (tape.data.size() + file.content().length > tape.capacityBytes) {
                    // As the real controller: the file that does not fit ends the batch, later files are not reached.
                    rejected.add(new MigrationReport.Rejected(source.fileId(), source.path(),
                            MigrationReport.RejectReason.VOLUME_FULL, "no room left"));
                    tape.data.writeBytes(new byte[Math.toIntExact(tape.capacityBytes - tape.data.size())]);
                    full = true;
                    break;
                } else {
                    List<TapeExtent> extents = source.kind() == FileKind.SYMLINK || file.content().length == 0
                            ? List.of() : List.of(write(tape.volumeTag, file.content()));
                    migrated.add(new MigrationReport.Migrated(source.fileId(), source.path(), extents,
                            sha256(file.content())));
                    if (!tape.paths.contains(source.path())) {
                        tape.paths.add(source.path());
                    }
                }
            }
            tape.generation++;
            return new MigrationReport(Optional.of(tape.summary()), migrated, rejected, full, changes != null,
                    skipped);
        }
    }

    /**
     * Copies the batch's files from the source to the preferred target, else the first volume with room that is
     * neither the source nor excluded, as the controller's Reclaim does: one progress per file, then the report.
     * {@link #duringReclaim} runs after the copies and before the report.
     */
    @Override
    public MigrationReport reclaim(ReclaimBatch batch, Consumer<ReclaimProgress> progress) {
        checkAvailable();
        reclaims.add(batch);
        InMemoryVolume target;
        synchronized (this) {
            target = tapes.reclaimTarget(batch);
        }
        List<SentFile> copies = new ArrayList<>();
        long total = batch.bytes();
        long done = 0;
        for (ReclaimBatch.Entry entry : batch.files()) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (TapeExtent extent : entry.extents()) {
                content.writeBytes(read(batch.sourceVolumeTag(), extent));
            }
            copies.add(new SentFile(entry.file(), content.toByteArray()));
            done += entry.file().length();
            progress.accept(new ReclaimProgress(reclaims.size(), target.volumeTag, copies.size(), batch.files().size(),
                    done, total));
        }
        duringReclaim.accept(batch);
        return writeSent(target, copies, List.of());
    }

    /** Formats a volume: its data and index are gone, its UUID is new; checks {@code expectedUuid} as the controller. */
    @Override
    public synchronized void format(String volumeTag, boolean erase, String expectedUuid) {
        checkAvailable();
        InMemoryVolume tape = tapes.require(volumeTag);
        if (!erase || !expectedUuid.isEmpty() && !expectedUuid.equals(tape.summary().uuid())) {
            throw new ControllerUnavailableException("FAILED_PRECONDITION", volumeTag + " holds "
                    + tape.summary().uuid(), null);
        }
        formats.add(volumeTag);
        tapes.format(volumeTag);
    }

    /** Runs {@code action} inside every Reclaim call, after the copies and before the report. */
    public void duringReclaim(Consumer<ReclaimBatch> action) {
        this.duringReclaim = action;
    }

    /** The volume's used bytes (its data partition as written). */
    public synchronized long usedBytes(String volumeTag) {
        return tapes.get(volumeTag).data.size();
    }

    private void checkAvailable() {
        ControllerUnavailableException away = failure;
        if (away != null) {
            throw away;
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
