package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.library.TimingModel;

import java.io.IOException;
import java.util.Objects;

/**
 * Moves logical objects between the host and the threaded cartridge at the head's position: records read and
 * written, filemarks written, each a step of the {@link TapeHead}, with streaming time charged to the
 * {@link TimingModel} and the {@link PowerFault} consulted before each object written. The checks that the drive
 * is loaded and writable are the drive's.
 */
final class RecordTransfer {

    private final String name;
    private final TapeHead head;
    private final TimingModel timing;
    private final PowerFault power;
    private final long earlyWarningBytes;

    RecordTransfer(String name, TapeHead head, TimingModel timing, PowerFault power, long earlyWarningBytes) {
        this.name = Objects.requireNonNull(name);
        this.head = Objects.requireNonNull(head);
        this.timing = Objects.requireNonNull(timing);
        this.power = Objects.requireNonNull(power);
        this.earlyWarningBytes = earlyWarningBytes;
    }

    /**
     * Reads the object at the head into the start of {@code buffer}.
     *
     * @return the record's length in bytes, 0 for a filemark
     * @throws EndOfDataException the head is at EOD (BLANK CHECK)
     * @throws DeviceException    the record is longer than the buffer (ILLEGAL LENGTH; the head is then after it),
     *                            or its file cannot be read (MEDIUM ERROR), or a record written before could not be
     *                            (MEDIUM ERROR, WRITE ERROR: a deferred error)
     */
    int read(ThreadedCartridge cartridge, byte[] buffer) {
        try {
            cartridge.drain();
        } catch (IOException e) {
            throw writeError(cartridge, e);
        }
        int partition = head.partition();
        long block = head.block();
        PartitionObjects objects = cartridge.objects(partition);
        if (block >= objects.endOfData()) {
            throw new EndOfDataException(name, "BLANK CHECK, 00/05 END-OF-DATA DETECTED at block " + block
                    + " of partition " + partition);
        }
        head.advance();
        if (objects.isFilemark(block)) {
            return 0;
        }
        int length = (int) objects.length(block);
        if (length > buffer.length) {
            throw new DeviceException(name, "ILLEGAL LENGTH: block " + block + " of partition " + partition
                    + " holds " + length + " bytes, the buffer " + buffer.length);
        }
        try {
            cartridge.readRecord(partition, block, buffer, length);
        } catch (IOException e) {
            throw new DeviceException(name, "MEDIUM ERROR, 11/00 UNRECOVERED READ ERROR at block " + block
                    + " of partition " + partition + ": " + e.getMessage(), e);
        }
        timing.stream(length);
        return length;
    }

    /**
     * Writes {@code length} bytes of {@code data} from {@code offset} as one record at the head, discarding what
     * followed (a new EOD).
     *
     * @return whether the partition is within early warning after the write
     * @throws EndOfMediumException the record does not fit in the rest of the partition (VOLUME OVERFLOW)
     * @throws DeviceException      a length outside 1 to {@link VirtualTapeDrive#MAX_BLOCK_BYTES} (ILLEGAL
     *                              REQUEST), the power was lost, or the directory could not be written (MEDIUM ERROR;
     *                              for a record written before this one, a deferred error)
     */
    boolean write(ThreadedCartridge cartridge, byte[] data, int offset, int length) {
        if (length < 1 || length > VirtualTapeDrive.MAX_BLOCK_BYTES) {
            throw new DeviceException(name, "ILLEGAL REQUEST, 24/00 INVALID FIELD IN CDB: block length " + length
                    + " (1.." + VirtualTapeDrive.MAX_BLOCK_BYTES + " bytes)");
        }
        int partition = head.partition();
        long block = head.block();
        PartitionObjects objects = cartridge.objects(partition);
        long size = cartridge.partitionBytes(partition);
        beforeObject(cartridge, partition, block);
        if (block > objects.endOfData()) {
            // only after a deferred error: the records from EOD to the head were never written
            throw new DeviceException(name, "MEDIUM ERROR, 0C/00 WRITE ERROR: block " + block + " of partition "
                    + partition + " is past EOD at block " + objects.endOfData() + ", where a buffered record could"
                    + " not be written");
        }
        if (objects.bytesBefore(block) + length > size) {
            throw new EndOfMediumException(name, "VOLUME OVERFLOW, 00/02 END-OF-PARTITION/MEDIUM DETECTED: "
                    + length + " bytes do not fit in partition " + partition + " (" + (size - objects.bytesBefore(block))
                    + " bytes left of " + size + ")");
        }
        try {
            cartridge.writeRecord(partition, block, data, offset, length);
        } catch (IOException e) {
            throw writeError(cartridge, e);
        }
        head.advance();
        timing.stream(length);
        return size - objects.usedBytes() < earlyWarningBytes;
    }

    /**
     * Writes {@code count} filemarks at the head, then flushes every buffered record to stable storage, as a
     * synchronous WRITE FILEMARKS does.
     *
     * @throws DeviceException the power was lost, or the directory could not be written or flushed (MEDIUM ERROR)
     */
    void writeFilemarks(ThreadedCartridge cartridge, int count) {
        try {
            for (int i = 0; i < count; i++) {
                beforeObject(cartridge, head.partition(), head.block());
                cartridge.writeFilemark(head.partition(), head.block());
                head.advance();
            }
            cartridge.flush();
        } catch (IOException e) {
            throw writeError(cartridge, e);
        }
    }

    /**
     * Consults the {@link PowerFault} before an object is written; a power loss leaves the directory with every object
     * written before it, the drive's buffered records included (as the file system holds them).
     */
    private void beforeObject(ThreadedCartridge cartridge, int partition, long block) {
        try {
            power.beforeObject(partition, block);
        } catch (DeviceException lost) {
            cartridge.drainAfter(lost);
            throw lost;
        }
    }

    /** MEDIUM ERROR, WRITE ERROR at the head's position, for a directory that could not be written. */
    DeviceException writeError(ThreadedCartridge cartridge, IOException e) {
        return new DeviceException(name, "MEDIUM ERROR, 0C/00 WRITE ERROR at block " + head.block() + " of partition "
                + head.partition() + " of " + cartridge.metadata().volumeTag() + ": " + e.getMessage(), e);
    }
}
