package io.tapelib.controller.drive.st;

import io.tapelib.controller.drive.MediumAttribute;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The bytes of the SPC-4 commands that reach a tape's cartridge memory: READ ATTRIBUTE (8Ch, service action 00h
 * ATTRIBUTE VALUES, SPC-4 6.17) and WRITE ATTRIBUTE (8Dh, SPC-4 6.38), both 16-byte CDBs, and their parameter data.
 * Field placement as the LTFS reference implementation's sg backend issues them (sg_tape.c, {@code sg_read_attribute}
 * and {@code sg_write_attribute}): partition in byte 7, first attribute identifier in bytes 8-9, the allocation or
 * parameter list length in bytes 10-13, the write-through-cache bit set on writes.
 */
final class ScsiAttributeCommands {

    static final int READ_ATTRIBUTE = 0x8C;
    static final int WRITE_ATTRIBUTE = 0x8D;
    /** The 4-byte AVAILABLE DATA / PARAMETER DATA LENGTH header before the attributes. */
    static final int LIST_HEADER_BYTES = 4;
    /** Room asked for one attribute: the largest a value may be plus its header and the list header. */
    static final int MAX_RESPONSE_BYTES = LIST_HEADER_BYTES + MediumAttribute.HEADER_BYTES + 0xFFFF;

    private ScsiAttributeCommands() {
    }

    /** READ ATTRIBUTE, ATTRIBUTE VALUES from attribute {@code id} on, logical volume 0, one partition. */
    static byte[] readAttribute(int partition, int id, int allocationLength) {
        ByteBuffer cdb = ByteBuffer.allocate(16);
        cdb.put(0, (byte) READ_ATTRIBUTE);
        cdb.put(1, (byte) 0x00);
        cdb.put(7, (byte) checkPartition(partition));
        cdb.putShort(8, (short) id);
        cdb.putInt(10, allocationLength);
        return cdb.array();
    }

    /** WRITE ATTRIBUTE with write-through cache (WTC), logical volume 0, one partition. */
    static byte[] writeAttribute(int partition, int parameterListLength) {
        ByteBuffer cdb = ByteBuffer.allocate(16);
        cdb.put(0, (byte) WRITE_ATTRIBUTE);
        cdb.put(1, (byte) 0x01);
        cdb.put(7, (byte) checkPartition(partition));
        cdb.putInt(10, parameterListLength);
        return cdb.array();
    }

    /**
     * The WRITE ATTRIBUTE parameter list for one attribute: PARAMETER DATA LENGTH (the bytes that follow it; SPC-4
     * lets the device server ignore the field, and the reference writes the list's whole length there), then the
     * attribute.
     */
    static byte[] writeParameters(MediumAttribute attribute) {
        byte[] encoded = attribute.encoded();
        return ByteBuffer.allocate(LIST_HEADER_BYTES + encoded.length).putInt(encoded.length).put(encoded).array();
    }

    /**
     * The attribute {@code id} from an ATTRIBUTE VALUES response (AVAILABLE DATA, then attributes in identifier
     * order from the first one asked for).
     *
     * @param length the bytes the device returned
     * @return empty when the first attribute returned is another (the medium holds no attribute {@code id})
     * @throws IllegalArgumentException the response is shorter than its headers say
     */
    static Optional<MediumAttribute> attributeValue(byte[] response, int length, int id) {
        if (length < LIST_HEADER_BYTES + MediumAttribute.HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(response, 0, length);
        long available = Integer.toUnsignedLong(in.getInt(0));
        if (available < MediumAttribute.HEADER_BYTES) {
            return Optional.empty();
        }
        MediumAttribute first = MediumAttribute.decode(Arrays.copyOfRange(response, LIST_HEADER_BYTES, length));
        return first.id() == id ? Optional.of(first) : Optional.empty();
    }

    /** The CDB in the two-digit hexadecimal words sg_raw takes. */
    static String[] hexWords(byte[] cdb) {
        String[] words = new String[cdb.length];
        for (int i = 0; i < cdb.length; i++) {
            words[i] = String.format("%02x", cdb[i] & 0xFF);
        }
        return words;
    }

    private static int checkPartition(int partition) {
        if (partition < 0 || partition > 0xFF) {
            throw new IllegalArgumentException("partition " + partition + " is not 0 to 255");
        }
        return partition;
    }
}
