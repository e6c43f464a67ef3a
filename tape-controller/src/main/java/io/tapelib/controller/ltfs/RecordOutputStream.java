package io.tapelib.controller.ltfs;

import io.tapelib.controller.drive.TapeDrive;
import java.io.OutputStream;

/**
 * Cuts a stream into logical blocks of the volume's block size and writes them at the drive's position; the last
 * block may be shorter. Writes no filemark: the caller ends the record.
 */
final class RecordOutputStream extends OutputStream {

    private final TapeDrive drive;
    private final byte[] block;
    private int length;
    private long blocksWritten;

    RecordOutputStream(TapeDrive drive, int blockSize) {
        this.drive = drive;
        this.block = new byte[blockSize];
    }

    @Override
    public void write(int b) {
        block[length++] = (byte) b;
        if (length == block.length) {
            flushBlock();
        }
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        while (count > 0) {
            int n = Math.min(count, block.length - length);
            System.arraycopy(source, offset, block, length, n);
            length += n;
            offset += n;
            count -= n;
            if (length == block.length) {
                flushBlock();
            }
        }
    }

    /** Writes the last, partial block. */
    @Override
    public void close() {
        if (length > 0) {
            flushBlock();
        }
    }

    long blocksWritten() {
        return blocksWritten;
    }

    private void flushBlock() {
        drive.writeBlock(block, 0, length);
        blocksWritten++;
        length = 0;
    }
}
