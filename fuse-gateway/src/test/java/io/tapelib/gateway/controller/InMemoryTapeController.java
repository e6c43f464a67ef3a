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
import java.util.Arrays;
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
 */
public final class InMemoryTapeController implements TapeController {
    /** Logical block size of every volume, bytes. */
    public static final int BLOCK_SIZE = 4096;
    /** Largest chunk a recall delivers, bytes (the real controller sends up to 1 MiB). */
    static final int RECALL_CHUNK = 1000;

    private final Map<String, Tape> tapes = new LinkedHashMap<>();
    private volatile List<String> loaded = List.of();
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
    /** Mount events not yet taken by a watcher. */
    private final java.util.concurrent.BlockingQueue<VolumeSummary> mounts = new java.util.concurrent.LinkedBlockingQueue<>();
    /** Library events (Event.library) not yet taken by a watcher. */
    private final java.util.concurrent.BlockingQueue<LibraryInventory> libraryEvents =
            new java.util.concurrent.LinkedBlockingQueue<>();
    /** Volumes in an import/export element (exported): in no storage slot or drive, and unreadable. */
    private final java.util.Set<String> inMailSlots = new java.util.LinkedHashSet<>();
    /** How often the gateway asked whether the controller answers. */
    public final AtomicInteger connectionChecks = new AtomicInteger();
    /** Every Migrate call's preferred volume tag ("" for none), in order. */
    public final List<String> preferredTags = new CopyOnWriteArrayList<>();
    /** The volume each Migrate call wrote to, in the order the calls were answered. */
    public final List<String> writtenTags = new CopyOnWriteArrayList<>();
    /** Volumes a Migrate call in progress writes to: a call without a preferred tag takes another (as the controller). */
    private final List<String> writing = new ArrayList<>();
    private volatile int driveCount;

    /** One migrated file as the controller received it. */
    public record SentFile(MigrationSource source, byte[] content) {
    }

    private static final class Tape {
        final String volumeTag;
        final long capacityBytes;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final List<TapeIndexEntry> index = new ArrayList<>();
        /** The paths the volume's index names (written, and changed by index changes); not what ReadIndex gives. */
        final List<String> paths = new ArrayList<>();
        long generation = 1;
        RuntimeException indexFailure;
        boolean writeProtected;

        Tape(String volumeTag, long capacityBytes) {
            this.volumeTag = volumeTag;
            this.capacityBytes = capacityBytes;
        }

        VolumeSummary summary() {
            return new VolumeSummary(volumeTag, VolumeFormat.LTFS, "uuid-" + volumeTag, generation, BLOCK_SIZE,
                    capacityBytes, capacityBytes - data.size(), writeProtected);
        }
    }

    /** Adds an LTFS volume of {@code capacityBytes} in a storage slot; the first added is where Migrate writes. */
    public synchronized InMemoryTapeController volume(String volumeTag, long capacityBytes) {
        tapes.put(volumeTag, new Tape(volumeTag, capacityBytes));
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
        Tape tape = tapes.get(volumeTag);
        long block = tape.data.size() / BLOCK_SIZE;
        tape.data.writeBytes(bytes);
        tape.data.writeBytes(new byte[(BLOCK_SIZE - bytes.length % BLOCK_SIZE) % BLOCK_SIZE]);
        return new TapeExtent(1, block, 0, bytes.length, 0);
    }

    /** Makes ReadIndex of this volume fail with {@code failure}. */
    public synchronized void failIndexRead(String volumeTag, RuntimeException failure) {
        tapes.get(volumeTag).indexFailure = failure;
    }

    /** Gives the library {@code count} drives (empty ones beside those {@link #loaded} fills). */
    public void drives(int count) {
        this.driveCount = count;
    }

    /** The volumes in drives (the rest sit in storage slots). */
    public void loaded(String... volumeTags) {
        this.loaded = List.of(volumeTags);
    }

    /** From now on every call fails with UNAVAILABLE (the controller is away), or, with false, answers again. */
    public void away(boolean away) {
        this.failure = away ? new ControllerUnavailableException("UNAVAILABLE", "the controller is away", null) : null;
    }

    /** Refuses to migrate the path (relative to the volume root) for the reason given. */
    /** Sets a volume's write-protect tab: Reclaim from it is refused as the controller refuses it (mounts say so). */
    public synchronized void writeProtect(String volumeTag) {
        tapes.get(volumeTag).writeProtected = true;
    }

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
        byte[] data = tapes.get(volumeTag).data.toByteArray();
        int from = Math.toIntExact(extent.startBlock() * BLOCK_SIZE + extent.byteOffset());
        return Arrays.copyOfRange(data, from, from + Math.toIntExact(extent.byteCount()));
    }

    /** Announces that a job mounted the volume as its index now stands (what WatchEvents carries). */
    public synchronized void mounted(String volumeTag) {
        mounts.add(tapes.get(volumeTag).summary());
    }

    /** Moves a volume to an import/export element, as Export does, and announces the library (Event.library). */
    public synchronized void export(String volumeTag) {
        inMailSlots.add(volumeTag);
        libraryEvents.add(library());
    }

    /** Moves an exported volume back to a storage slot, as Import does, and announces the library. */
    public synchronized void importBack(String volumeTag) {
        inMailSlots.remove(volumeTag);
        libraryEvents.add(library());
    }

    /** Announces the library as it stands (Event.library), e.g. after {@link #volume} put a new cartridge in a slot. */
    public synchronized void announceLibrary() {
        libraryEvents.add(library());
    }

    /** Hands announced mounts to {@code mounted} until interrupted (then CANCELLED) or the controller is away. */
    @Override
    public void watchMountedVolumes(Consumer<VolumeSummary> mounted) {
        watchEvents(mounted, library -> { });
    }

    /** Hands announced mounts and library changes to the consumers until interrupted or the controller is away. */
    @Override
    public void watchEvents(Consumer<VolumeSummary> mounted, Consumer<LibraryInventory> library) {
        try {
            while (true) {
                if (failure != null) {
                    throw failure;
                }
                VolumeSummary volume = mounts.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (volume != null) {
                    mounted.accept(volume);
                }
                LibraryInventory changed = libraryEvents.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (changed != null) {
                    library.accept(changed);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerUnavailableException("CANCELLED", "WatchEvents interrupted", e);
        }
    }

    @Override
    public boolean awaitConnection(Duration timeout) {
        connectionChecks.incrementAndGet();
        return failure == null;
    }

    @Override
    public synchronized LibraryInventory library() {
        checkAvailable();
        List<LibraryElement> drives = new ArrayList<>();
        List<LibraryElement> slots = new ArrayList<>();
        List<LibraryElement> mail = new ArrayList<>();
        int slot = 1;
        for (String tag : tapes.keySet()) {
            if (inMailSlots.contains(tag)) {
                mail.add(new LibraryElement(mail.size() + 1, true, tag, 0, false));
            } else if (loaded.contains(tag)) {
                drives.add(new LibraryElement(drives.size(), true, tag, slot, false));
            } else {
                slots.add(new LibraryElement(slot, true, tag, 0, false));
            }
            slot++;
        }
        while (drives.size() < driveCount) {
            drives.add(new LibraryElement(drives.size(), false, "", 0, false));
        }
        slots.add(new LibraryElement(slot, true, "CLN001L1", 0, true));
        slots.add(new LibraryElement(slot + 1, false, "", 0, false));
        return new LibraryInventory(drives, slots, mail, null);
    }

    @Override
    public void readIndex(String volumeTag, IndexSink sink) {
        indexReads.add(volumeTag);
        VolumeSummary volume;
        List<TapeIndexEntry> entries;
        synchronized (this) {
            checkAvailable();
            Tape tape = tapes.get(volumeTag);
            if (tape == null) {
                throw new ControllerUnavailableException("NOT_FOUND", "no cartridge " + volumeTag, null);
            }
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
            if (inMailSlots.contains(batch.volumeTag())) {
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
            Tape tape = tapes.get(volumeTag);
            if (tape == null) {
                throw new ControllerUnavailableException("NOT_FOUND", "no cartridge " + volumeTag, null);
            }
            List<IndexUpdate.Skipped> skipped = apply(tape, changes);
            tape.generation++;
            return new IndexUpdate(tape.summary(), changes.size() - skipped.size(), skipped);
        }
    }

    /** Paths each volume's index names now, as the changes and migrations left them. */
    public synchronized List<String> indexPaths(String volumeTag) {
        return List.copyOf(tapes.get(volumeTag).paths);
    }

    private static List<IndexUpdate.Skipped> apply(Tape tape, List<IndexChange> changes) {
        List<IndexUpdate.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            IndexChange change = changes.get(i);
            if (change instanceof IndexChange.Rename rename) {
                if (!tape.paths.remove(rename.path())) {
                    skipped.add(new IndexUpdate.Skipped(i, "no entry " + rename.path()));
                } else {
                    String prefix = rename.path() + "/";
                    tape.paths.replaceAll(p -> p.startsWith(prefix) ? rename.to() + "/" + p.substring(prefix.length()) : p);
                    tape.paths.add(rename.to());
                }
            } else if (change instanceof IndexChange.Remove remove) {
                if (!tape.paths.remove(remove.path())) {
                    skipped.add(new IndexUpdate.Skipped(i, "no entry " + remove.path()));
                }
                tape.paths.removeIf(p -> p.startsWith(remove.path() + "/"));
            } else if (change instanceof IndexChange.Put put && !put.path().equals(IndexChange.ROOT_PATH)
                    && !tape.paths.contains(put.path())) {
                tape.paths.add(put.path());
            } else if (change instanceof IndexChange.Link link) {
                tape.paths.add(link.path());
            }
        }
        return skipped;
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
        Tape tape;
        synchronized (this) {
            tape = preferredVolumeTag.isEmpty() || excludeVolumeTags.contains(preferredVolumeTag) ? null
                    : tapes.get(preferredVolumeTag);
            if (tape == null) {
                tape = tapes.values().stream().filter(t -> t.data.size() < t.capacityBytes && !writing.contains(t.volumeTag)
                        && !excludeVolumeTags.contains(t.volumeTag)).findFirst().orElse(null);
            }
            if (tape == null) {
                tape = tapes.values().stream().filter(t -> t.data.size() < t.capacityBytes
                        && !excludeVolumeTags.contains(t.volumeTag)).findFirst().orElse(null);
            }
            if (tape == null) {
                throw new ControllerUnavailableException("RESOURCE_EXHAUSTED", "no volume has room", null);
            }
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

    private MigrationReport write(Tape tape, List<MigrationSource> files, List<VolumeChanges> pending) {
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

    private MigrationReport writeSent(Tape tape, List<SentFile> sent, List<VolumeChanges> pending) {
        synchronized (this) {
            writtenTags.add(tape.volumeTag);
            List<MigrationReport.Migrated> migrated = new ArrayList<>();
            List<MigrationReport.Rejected> rejected = new ArrayList<>();
            boolean full = false;
            VolumeChanges changes = ignoreHeaderChanges ? null : pending.stream()
                    .filter(list -> list.volumeTag().equals(tape.volumeTag)).findFirst().orElse(null);
            List<IndexUpdate.Skipped> skipped = changes == null ? List.of() : apply(tape, changes.changes());
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
        Tape target;
        synchronized (this) {
            if (!tapes.containsKey(batch.sourceVolumeTag())) {
                throw new ControllerUnavailableException("NOT_FOUND", "no cartridge " + batch.sourceVolumeTag(), null);
            }
            if (tapes.get(batch.sourceVolumeTag()).writeProtected) {
                throw new ControllerUnavailableException("FAILED_PRECONDITION", batch.sourceVolumeTag()
                        + " is write protected: a reclaim could not format it afterwards", null);
            }
            target = tapes.get(batch.targetVolumeTag());
            if (target == null || target.volumeTag.equals(batch.sourceVolumeTag())
                    || batch.excludeVolumeTags().contains(target.volumeTag)) {
                target = tapes.values().stream().filter(t -> !t.volumeTag.equals(batch.sourceVolumeTag())
                        && !batch.excludeVolumeTags().contains(t.volumeTag) && t.data.size() < t.capacityBytes)
                        .findFirst().orElseThrow(() -> new ControllerUnavailableException("RESOURCE_EXHAUSTED",
                                "no volume has room", null));
            }
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
        Tape tape = tapes.get(volumeTag);
        if (tape == null) {
            throw new ControllerUnavailableException("NOT_FOUND", "no cartridge " + volumeTag, null);
        }
        if (!erase || !expectedUuid.isEmpty() && !expectedUuid.equals(tape.summary().uuid())) {
            throw new ControllerUnavailableException("FAILED_PRECONDITION", volumeTag + " holds "
                    + tape.summary().uuid(), null);
        }
        formats.add(volumeTag);
        Tape blank = new Tape(volumeTag, tape.capacityBytes);
        blank.generation = 0;
        tapes.put(volumeTag, blank);
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
