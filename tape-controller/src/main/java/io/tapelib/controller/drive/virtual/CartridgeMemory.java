package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.drive.MediumAttribute;
import io.tapelib.controller.library.CartridgeStore;
import io.tapelib.controller.library.MamAttribute;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cartridge memory (MAM) of a threaded virtual cartridge: host attributes as the application wrote them, one file
 * per partition and attribute ({@code attr_<partition>_<id hex>}, the LTFS reference file backend's layout), and the
 * device-maintained VOLUME CHANGE REFERENCE (attribute 0009h, SPC-4 table "Device type attributes"): a 4-byte value
 * the drive changes whenever the medium is written, kept in {@code attr_0_9} as the reference file backend keeps it
 * (filedebug_tc.c, {@code _get_wp}/{@code _set_wp}). An application that stored the value next to its index (the LTFS
 * Volume Coherency Information, 080Ch) knows from a later, equal value that nothing was written since.
 *
 * <p>The value changes once per write pass: at the first medium write after the value was last reported (or after
 * the cartridge was threaded). It reaches the directory before the write does and stable storage with the written
 * records, at the cartridge's next flush (a synchronous filemark or the unload): a crash never leaves written and
 * flushed data next to the old value.
 */
final class CartridgeMemory {

    /** A value the reference takes as "no valid VCR" (0 and all ones); the counter skips them. */
    private static final long VCR_LIMIT = 0xFFFF_FFFFL;

    private final CartridgeStore store;
    private final String volumeTag;
    private long volumeChangeReference;
    /** Whether the current value was reported since it last changed: the next medium write must change it. */
    private boolean reported = true;

    private CartridgeMemory(CartridgeStore store, String volumeTag, long volumeChangeReference) {
        this.store = store;
        this.volumeTag = volumeTag;
        this.volumeChangeReference = volumeChangeReference;
    }

    /**
     * Reads the cartridge's VOLUME CHANGE REFERENCE; a cartridge without one starts at 1, as the reference backend's.
     *
     * @throws IOException the attribute file exists but cannot be read
     */
    static CartridgeMemory open(CartridgeStore store, String volumeTag) throws IOException {
        long vcr = 1;
        Optional<byte[]> stored = store.readAttribute(volumeTag, 0, MamAttribute.VOLUME_CHANGE_REFERENCE);
        if (stored.isPresent()) {
            try {
                MediumAttribute attribute = MediumAttribute.decode(stored.get());
                if (attribute.value().length == 4) {
                    vcr = Integer.toUnsignedLong(ByteBuffer.wrap(attribute.value()).getInt());
                }
            } catch (IllegalArgumentException unreadable) {
                // a torn attribute file: start a new count, which differs from any stored coherency information
                vcr = 1;
            }
        }
        return new CartridgeMemory(store, volumeTag, vcr);
    }

    /**
     * The medium is about to be written: changes the VOLUME CHANGE REFERENCE if it was reported since it last changed.
     *
     * @return the attribute file written, which the caller forces with its records; empty when the value stays
     * @throws IOException the new value cannot be stored
     */
    Optional<Path> mediumWriting() throws IOException {
        if (!reported) {
            return Optional.empty();
        }
        long next = volumeChangeReference + 1;
        if (next >= VCR_LIMIT) {
            next = 1;
        }
        store.writeAttribute(volumeTag, 0, MamAttribute.VOLUME_CHANGE_REFERENCE, vcrAttribute(next).encoded());
        volumeChangeReference = next;
        reported = false;
        return Optional.of(store.layout(volumeTag).attribute(0, MamAttribute.VOLUME_CHANGE_REFERENCE));
    }

    /**
     * One attribute of a partition: the drive's VOLUME CHANGE REFERENCE (any partition: it belongs to the volume),
     * or what was last written.
     *
     * @throws IOException the attribute file cannot be read
     */
    Optional<MediumAttribute> read(int partition, int id) throws IOException {
        if (id == MamAttribute.VOLUME_CHANGE_REFERENCE) {
            reported = true;
            return Optional.of(vcrAttribute(volumeChangeReference));
        }
        Optional<byte[]> stored = store.readAttribute(volumeTag, partition, id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MediumAttribute.decode(stored.get()));
        } catch (IllegalArgumentException torn) {
            throw new IOException("attr_" + partition + "_" + Integer.toHexString(id) + " of " + volumeTag
                    + " is not an attribute: " + torn.getMessage(), torn);
        }
    }

    /**
     * Stores a host attribute (not forced: the caller's next filemark or unload forces the directory).
     *
     * @throws IllegalArgumentException the attribute is a device type attribute (below 0800h), which the drive keeps
     * @throws IOException              the attribute file cannot be written
     */
    void write(int partition, MediumAttribute attribute) throws IOException {
        if (attribute.id() < MamAttribute.FIRST_HOST_ATTRIBUTE) {
            throw new IllegalArgumentException(String.format("attribute %04Xh is a device type attribute,"
                    + " read-only to the host", attribute.id()));
        }
        store.writeAttribute(volumeTag, partition, attribute.id(), attribute.encoded());
    }

    private static MediumAttribute vcrAttribute(long value) {
        return new MediumAttribute(MamAttribute.VOLUME_CHANGE_REFERENCE, MediumAttribute.BINARY,
                ByteBuffer.allocate(4).putInt((int) value).array());
    }
}
