package io.tapelib.controller.ltfs;

import io.tapelib.controller.drive.MediumAttribute;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The Volume Coherency Information an LTFS implementation keeps in each partition's cartridge memory (MAM attribute
 * 080Ch, SPC-4 "VOLUME COHERENCY INFORMATION"; LTFS Format Specification 2.4, "Medium Auxiliary Memory"): the
 * drive's Volume Change Reference when the partition's last index was written, that index's generation and block,
 * and the application client specific information {@code LTFS\0} followed by the volume UUID. A later mount that
 * reads the same Volume Change Reference from the drive knows that nothing was written since.
 *
 * <p>Value layout, 70 bytes, as the reference implementation writes and reads it (tape.c,
 * {@code tape_set_cart_coherency}/{@code tape_get_cart_coherency}): byte 0 the VCR length (8); bytes 1-8 the VCR;
 * 9-16 the VOLUME COHERENCY COUNT (index generation); 17-24 the VOLUME COHERENCY SET IDENTIFIER (the index's block);
 * 25-26 the APPLICATION CLIENT SPECIFIC INFORMATION length (43); 27-31 {@code LTFS\0}; 32-68 the volume UUID, 36
 * characters and a NUL; 69 the version of these parameters (1; version 0, written by LTFS 1.0, is not trusted).
 *
 * @param volumeChangeReference the drive's VCR when the index was written
 * @param generation            the partition's last index generation
 * @param indexBlock            the block of that index's first block (its self pointer)
 * @param volumeUuid            the volume UUID of the labels
 * @param version               1 for parameters this and the reference implementation trust
 */
public record VolumeCoherency(long volumeChangeReference, long generation, long indexBlock, String volumeUuid,
                              int version) {

    /** MAM attribute identifier of the Volume Coherency Information. */
    public static final int ATTRIBUTE_ID = 0x080C;
    /** Value length in bytes. */
    static final int VALUE_BYTES = 70;
    /** The version written: the reference implementation's "from PGA2" parameters. */
    static final int VERSION = 1;
    private static final int VCR_BYTES = 8;
    private static final int CLIENT_INFO_BYTES = 43;
    private static final byte[] LTFS_ID = "LTFS\0".getBytes(StandardCharsets.US_ASCII);
    private static final int UUID_BYTES = 37;

    /** Parameters of this version for an index written now. */
    public static VolumeCoherency of(long volumeChangeReference, long generation, long indexBlock, String volumeUuid) {
        return new VolumeCoherency(volumeChangeReference, generation, indexBlock, volumeUuid, VERSION);
    }

    /** The attribute as WRITE ATTRIBUTE takes it. */
    public MediumAttribute attribute() {
        ByteBuffer out = ByteBuffer.allocate(VALUE_BYTES);
        out.put((byte) VCR_BYTES).putLong(volumeChangeReference).putLong(generation).putLong(indexBlock)
                .putShort((short) CLIENT_INFO_BYTES).put(LTFS_ID);
        byte[] uuid = Arrays.copyOf(volumeUuid.getBytes(StandardCharsets.US_ASCII), UUID_BYTES - 1);
        out.put(uuid).put((byte) 0).put((byte) version);
        return new MediumAttribute(ATTRIBUTE_ID, MediumAttribute.BINARY, out.array());
    }

    /**
     * Reads the attribute as the reference implementation does: identifier 080Ch, 70 value bytes, an 8-byte VCR, an
     * application client specific information of 43 bytes (or 42, as LTFS 1.0 wrote it) starting {@code LTFS}.
     *
     * @return empty when the attribute is not Volume Coherency Information an LTFS implementation wrote
     */
    public static Optional<VolumeCoherency> parse(MediumAttribute attribute) {
        byte[] value = attribute.value();
        if (attribute.id() != ATTRIBUTE_ID || value.length != VALUE_BYTES || value[0] != VCR_BYTES) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        in.get();
        long vcr = in.getLong();
        long count = in.getLong();
        long setId = in.getLong();
        int clientInfo = Short.toUnsignedInt(in.getShort());
        byte[] id = new byte[LTFS_ID.length];
        in.get(id);
        if ((clientInfo != CLIENT_INFO_BYTES && clientInfo != CLIENT_INFO_BYTES - 1) || !Arrays.equals(id, LTFS_ID)) {
            return Optional.empty();
        }
        byte[] uuid = new byte[UUID_BYTES];
        in.get(uuid);
        int end = 0;
        while (end < uuid.length && uuid[end] != 0) {
            end++;
        }
        return Optional.of(new VolumeCoherency(vcr, count, setId,
                new String(uuid, 0, end, StandardCharsets.US_ASCII), value[VALUE_BYTES - 1] & 0xFF));
    }
}
