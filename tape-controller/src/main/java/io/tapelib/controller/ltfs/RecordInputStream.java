package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.EndOfDataException;
import io.tapelib.controller.drive.TapeDrive;
import java.io.InputStream;

/**
 * Reads the logical blocks from the drive's current position up to the next filemark (or EOD) as one stream: an index
 * may span several blocks (LTFS Format Specification 2.4, section 9.1 Index Construct). Blocks are read one at a time,
 * as the parser asks for bytes.
 */
final class RecordInputStream extends InputStream {

    private final TapeDrive drive;
    private final byte[] block;
    private int length;
    private int position;
    private boolean ended;

    /** @param maxBlockBytes the largest block expected, in bytes (the volume's block size) */
    RecordInputStream(TapeDrive drive, int maxBlockBytes) {
        this.drive = drive;
        this.block = new byte[maxBlockBytes];
    }

    /** Reads the first block now; false when the position is at a filemark or EOD (no record). */
    boolean hasRecord() {
        return fill();
    }

    /** The bytes of the current block read so far (for a peek at the first block). */
    String peekText(int maxChars) {
        return new String(block, 0, Math.min(length, maxChars), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return block[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int count) {
        if (count == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(count, length - position);
        System.arraycopy(block, position, target, offset, n);
        position += n;
        return n;
    }

    private boolean fill() {
        while (!ended && position >= length) {
            try {
                length = drive.readBlock(block);
            } catch (EndOfDataException e) {
                length = 0;
            }
            position = 0;
            if (length == 0) {
                ended = true;
            }
        }
        return !ended || position < length;
    }
}
