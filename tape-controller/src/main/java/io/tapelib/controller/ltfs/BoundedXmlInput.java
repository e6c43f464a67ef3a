package io.tapelib.controller.ltfs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes of an index as the parser reads them and stops the parse once the index, or one run of bytes
 * without a {@code '<'}, is longer than {@link IndexLimits} allows. A StAX parser keeps a whole attribute value or
 * text run in memory; '<' may not appear inside either (XML 1.0, sections 2.4 and 3.1), and no UTF-8 multi-byte
 * sequence contains byte 0x3C, so the run length bounds them.
 */
final class BoundedXmlInput extends FilterInputStream {

    private final IndexLimits limits;
    private long total;
    private long run;
    private String violation;

    BoundedXmlInput(InputStream in, IndexLimits limits) {
        super(in);
        this.limits = limits;
    }

    /** What limit was exceeded, or null. */
    String violation() {
        return violation;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (violation != null) {
            throw new IOException(violation);
        }
        int n = in.read(buffer, offset, length);
        if (n <= 0) {
            return n;
        }
        total += n;
        if (total > limits.maxIndexBytes()) {
            violation = "index is longer than " + limits.maxIndexBytes() + " bytes";
            throw new IOException(violation);
        }
        for (int i = offset; i < offset + n; i++) {
            if (buffer[i] == '<') {
                run = 0;
            } else if (++run > limits.maxMarkupRunBytes()) {
                violation = "more than " + limits.maxMarkupRunBytes()
                        + " bytes without markup (an attribute or text too long) after byte " + (total - n + i - offset);
                throw new IOException(violation);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // the parser never skips; refusing keeps every byte counted
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the caller owns the stream
    }
}
