package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.library.AtomicFile;
import io.tapelib.controller.library.CartridgeLayout;
import io.tapelib.controller.library.CartridgeLayout.ObjectName;
import io.tapelib.controller.library.CartridgeLayout.ObjectType;
import io.tapelib.controller.library.CartridgeMetadata;
import io.tapelib.controller.library.CartridgeStore;
import io.tapelib.controller.library.MamAttribute;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cartridge threaded in a virtual drive: its metadata and an in-memory map of every partition's
 * logical objects, built once from a directory listing when the cartridge is threaded. It keeps the
 * directory in the LTFS reference backend's layout ({@link CartridgeLayout}) after every object
 * written, and in an order that a crash leaves readable: the EOD file at a block is created before
 * the objects from that block on are deleted, and a new record is written before EOD moves past it.
 * Records are written behind the drive ({@link RecordWriteBehind}), so the directory may lag the objects this
 * cartridge reports by a few records, never more than a prefix; every other command that reads or changes the
 * directory waits for them first. Records read in a row are read ahead ({@link RecordReadAhead}); every command that
 * changes the directory drops what was read ahead first. Data reaches stable storage at {@link #flush()}, as a
 * drive's buffer does at a synchronous WRITE FILEMARKS.
 */
final class ThreadedCartridge {

    private final CartridgeStore store;
    private final CartridgeLayout layout;
    private CartridgeMetadata metadata;
    private PartitionObjects[] partitions;
    private final List<Path> unsynced = new ArrayList<>();
    private final CartridgeMemory memory;
    private final RecordSync sync;
    private final RecordFiles files;
    private final RecordWriteBehind behind;
    private final RecordReadAhead readAhead;
    private final RecordReadAhead.Records records = new RecordReadAhead.Records() {
        @Override
        public Path path(int partition, long block) {
            return layout.object(partition, block, ObjectType.RECORD);
        }

        @Override
        public int length(int partition, long block) {
            PartitionObjects objects = partitions[partition];
            return block >= objects.endOfData() || objects.isFilemark(block)
                    ? 0 : (int) Math.min(Integer.MAX_VALUE, objects.length(block));
        }
    };

    private ThreadedCartridge(CartridgeStore store, CartridgeMetadata metadata, PartitionObjects[] partitions,
                              CartridgeMemory memory, RecordSync sync, RecordFiles files, RecordWriteBehind behind,
                              RecordReadAhead readAhead) {
        this.store = store;
        this.sync = sync;
        this.files = files;
        this.behind = behind;
        this.readAhead = readAhead;
        this.memory = memory;
        this.layout = store.layout(metadata.volumeTag());
        this.metadata = metadata;
        this.partitions = partitions;
    }

    /**
     * Reads a cartridge's metadata and lists its directory once. A partition without an EOD file (a
     * crash between writing a record and moving EOD) ends at its first missing object, and objects
     * left beyond EOD are deleted so that the directory has one meaning.
     *
     * @param sync      how the records written are forced to stable storage at {@link #flush()}
     * @param files     how the records' files are read and written (the drive's: it keeps a direct buffer)
     * @param behind    the drive's buffer of records written, empty (drained)
     * @param readAhead the drive's read-ahead, dropped here: it may hold records of the cartridge threaded before
     * @throws IOException when the directory or the metadata cannot be read
     */
    static ThreadedCartridge thread(CartridgeStore store, String volumeTag, RecordSync sync, RecordFiles files,
                                    RecordWriteBehind behind, RecordReadAhead readAhead) throws IOException {
        readAhead.forget();
        CartridgeMetadata metadata = store.read(volumeTag);
        CartridgeLayout layout = store.layout(volumeTag);
        List<Map<Long, ObjectType>> found = new ArrayList<>();
        List<Map<Long, Long>> recordSizes = new ArrayList<>();
        for (int p = 0; p < metadata.partitions(); p++) {
            found.add(new HashMap<>());
            recordSizes.add(new HashMap<>());
        }
        List<ObjectName> all = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.directory())) {
            for (Path entry : entries) {
                Optional<ObjectName> name = ObjectName.parse(entry.getFileName().toString());
                if (name.isEmpty() || name.get().partition() >= metadata.partitions()) {
                    continue;
                }
                ObjectName object = name.get();
                all.add(object);
                Map<Long, ObjectType> objects = found.get(object.partition());
                ObjectType already = objects.get(object.block());
                // The reference backend looks for E, then F, then R at a block: keep the same precedence.
                if (already == null || precedence(object.type()) < precedence(already)) {
                    objects.put(object.block(), object.type());
                }
                if (object.type() == ObjectType.RECORD) {
                    recordSizes.get(object.partition()).put(object.block(), Files.size(entry));
                }
            }
        }
        PartitionObjects[] partitions = new PartitionObjects[metadata.partitions()];
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new PartitionObjects();
            Map<Long, ObjectType> objects = found.get(p);
            long block = 0;
            while (true) {
                ObjectType type = objects.get(block);
                if (type == null || type == ObjectType.END_OF_DATA) {
                    break;
                }
                if (type == ObjectType.FILEMARK) {
                    partitions[p].appendFilemark();
                } else {
                    partitions[p].appendRecord(recordSizes.get(p).get(block));
                }
                block++;
            }
        }
        ThreadedCartridge cartridge = new ThreadedCartridge(store, metadata, partitions,
                CartridgeMemory.open(store, volumeTag), sync, files, behind, readAhead);
        cartridge.repairAfterEndOfData(all, found);
        return cartridge;
    }

    private static int precedence(ObjectType type) {
        return switch (type) {
            case END_OF_DATA -> 0;
            case FILEMARK -> 1;
            case RECORD -> 2;
        };
    }

    private void repairAfterEndOfData(List<ObjectName> all, List<Map<Long, ObjectType>> found) throws IOException {
        boolean changed = false;
        for (ObjectName object : all) {
            long eod = partitions[object.partition()].endOfData();
            boolean theEndOfData = object.type() == ObjectType.END_OF_DATA && object.block() == eod;
            if (object.block() >= eod && !theEndOfData) {
                Files.deleteIfExists(layout.object(object.partition(), object.block(), object.type()));
                changed = true;
            }
        }
        for (int p = 0; p < partitions.length; p++) {
            long eod = partitions[p].endOfData();
            if (found.get(p).get(eod) != ObjectType.END_OF_DATA) {
                Files.write(layout.object(p, eod, ObjectType.END_OF_DATA), new byte[0]);
                changed = true;
            }
        }
        if (changed) {
            AtomicFile.forceDirectory(layout.directory());
        }
    }

    /** The cartridge's metadata as threaded. */
    CartridgeMetadata metadata() {
        return metadata;
    }

    /** The cartridge memory (MAM), with the drive's VOLUME CHANGE REFERENCE. */
    CartridgeMemory memory() {
        return memory;
    }

    /** The objects of a partition (which must exist). */
    PartitionObjects objects(int partition) {
        return partitions[partition];
    }

    /** Number of partitions. */
    int partitionCount() {
        return partitions.length;
    }

    /** The size of a partition (which must exist) as formatted, in bytes. */
    long partitionBytes(int partition) {
        return metadata.partitionBytes().get(partition);
    }

    /**
     * Reads record {@code block} of a partition into {@code buffer}.
     *
     * @param length the record's length, which the buffer holds
     * @throws IOException when the record's file cannot be read whole
     */
    void readRecord(int partition, long block, byte[] buffer, int length) throws IOException {
        drain();
        if (readAhead.read(records, partition, block, buffer, length) < length) {
            throw new IOException("record " + partition + "_" + block + "_R is shorter than the " + length
                    + " bytes it held when the cartridge was threaded");
        }
    }

    /**
     * Writes a record at {@code block} (which is at or before EOD), discarding every object from
     * {@code block} on first. A record that fits the drive's buffer is written behind ({@link RecordWriteBehind})
     * when nothing is to be discarded.
     *
     * @throws IOException when the directory cannot be written, or a record written before this one could not be
     *                     (nothing of this one is then written)
     */
    void writeRecord(int partition, long block, byte[] data, int offset, int length) throws IOException {
        readAhead.forget();
        memory.mediumWriting().ifPresent(unsynced::add);
        Path record = layout.object(partition, block, ObjectType.RECORD);
        if (behind.failed() || block < partitions[partition].endOfData() || !RecordWriteBehind.fits(length)) {
            drain();
            discardFrom(partition, block);
            files.write(record, data, offset, length);
            moveEndOfData(partition, block, block + 1);
        } else {
            behind.write(record, partition, block, data, offset, length,
                    () -> moveEndOfData(partition, block, block + 1));
        }
        unsynced.add(record);
        partitions[partition].appendRecord(length);
    }

    /**
     * Waits until every record written is in the directory.
     *
     * @throws IOException a record could not be written (it and the records after it are then no longer objects of
     *                     this cartridge: EOD is where the directory's is), or took too long
     */
    void drain() throws IOException {
        try {
            behind.drain();
        } catch (RecordWriteBehind.DeferredWriteException e) {
            e.firstUnwritten().forEach((partition, block) -> {
                for (long b = block; b < partitions[partition].endOfData(); b++) {
                    unsynced.remove(layout.object(partition, b, ObjectType.RECORD));
                }
                partitions[partition].truncate(block);
            });
            throw e;
        }
    }

    /** {@link #drain()} for a command that fails anyway (a power loss): what it raises is added to {@code cause}. */
    void drainAfter(RuntimeException cause) {
        try {
            drain();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Writes a filemark at {@code block} (at or before EOD), discarding every object from there on first.
     *
     * @throws IOException when the directory cannot be written
     */
    void writeFilemark(int partition, long block) throws IOException {
        readAhead.forget();
        drain();
        memory.mediumWriting().ifPresent(unsynced::add);
        discardFrom(partition, block);
        Files.write(layout.object(partition, block, ObjectType.FILEMARK), new byte[0]);
        moveEndOfData(partition, block, block + 1);
        partitions[partition].appendFilemark();
    }

    /**
     * Forces every record written since the last flush, and the directory's entries, to stable storage.
     *
     * @throws IOException when a file cannot be forced
     */
    void flush() throws IOException {
        drain();
        sync.sync(layout.directory(), unsynced);
        unsynced.clear();
    }

    /**
     * Erases the whole cartridge and splits it into two partitions: partition 0 of
     * {@code indexPartitionBytes}, partition 1 the rest.
     *
     * @throws IOException when the directory cannot be written
     */
    void formatTwoPartitions(long indexPartitionBytes) throws IOException {
        readAhead.forget();
        drain();
        Optional<Path> vcr = memory.mediumWriting();
        List<Path> objects = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.directory())) {
            for (Path entry : entries) {
                if (ObjectName.parse(entry.getFileName().toString()).isPresent()) {
                    objects.add(entry);
                }
            }
        }
        for (Path object : objects) {
            Files.deleteIfExists(object);
        }
        unsynced.clear();
        vcr.ifPresent(unsynced::add);
        CartridgeMetadata formatted = metadata.withPartitionBytes(
                List.of(indexPartitionBytes, metadata.capacityBytes() - indexPartitionBytes));
        for (int p = 0; p < formatted.partitions(); p++) {
            Files.write(layout.object(p, 0, ObjectType.END_OF_DATA), new byte[0]);
        }
        store.write(formatted);
        metadata = formatted;
        partitions = new PartitionObjects[] {new PartitionObjects(), new PartitionObjects()};
        AtomicFile.forceDirectory(layout.directory());
    }

    /**
     * Records each partition's maximum and remaining capacity in MAM, in MiB, as a drive updates the
     * cartridge memory at unload (SPC-4 attributes 0000h and 0001h).
     *
     * @throws IOException when the attribute files cannot be written
     */
    void writeCapacityAttributes() throws IOException {
        drain();
        for (int p = 0; p < partitions.length; p++) {
            long total = partitionBytes(p);
            long remaining = Math.max(0, total - partitions[p].usedBytes());
            store.writeAttribute(metadata.volumeTag(), p, MamAttribute.MAXIMUM_CAPACITY_IN_PARTITION,
                    MamAttribute.binary64(MamAttribute.MAXIMUM_CAPACITY_IN_PARTITION, total >> 20));
            store.writeAttribute(metadata.volumeTag(), p, MamAttribute.REMAINING_CAPACITY_IN_PARTITION,
                    MamAttribute.binary64(MamAttribute.REMAINING_CAPACITY_IN_PARTITION, remaining >> 20));
        }
    }

    /**
     * Makes {@code block} the new EOD: the EOD file goes there first, then the objects from there to
     * the old EOD are deleted from the last one down, so that a crash at any step leaves a directory
     * whose first EOD file marks a consistent end.
     */
    private void discardFrom(int partition, long block) throws IOException {
        PartitionObjects objects = partitions[partition];
        long oldEnd = objects.endOfData();
        if (block >= oldEnd) {
            return;
        }
        Files.write(layout.object(partition, block, ObjectType.END_OF_DATA), new byte[0]);
        Files.deleteIfExists(layout.object(partition, oldEnd, ObjectType.END_OF_DATA));
        for (long b = oldEnd - 1; b >= block; b--) {
            ObjectType type = objects.isFilemark(b) ? ObjectType.FILEMARK : ObjectType.RECORD;
            Files.deleteIfExists(layout.object(partition, b, type));
        }
        objects.truncate(block);
    }

    private void moveEndOfData(int partition, long from, long to) throws IOException {
        Path source = layout.object(partition, from, ObjectType.END_OF_DATA);
        Path target = layout.object(partition, to, ObjectType.END_OF_DATA);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException eodFileGone) {
            Files.write(target, new byte[0]);
        }
    }
}
