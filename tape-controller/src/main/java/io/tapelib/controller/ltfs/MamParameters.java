package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.AttributeNotSupportedException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.drive.MediumAttribute;
import io.tapelib.controller.drive.TapeDrive;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * The cartridge memory (MAM) parameters an LTFS volume keeps, as the reference implementation keeps them (LTFS Format
 * Specification 2.4, "Medium Auxiliary Memory"; reference tape.c and ltfs.c): after every index construct written,
 * the Volume Coherency Information ({@link VolumeCoherency}) of each partition that ends with its index construct;
 * with the index partition's index (format, unmount, recovery), the host attributes mkltfs writes
 * ({@code tape_format_attribute_to_cm}): application vendor, name and version, user medium text label (the volume
 * name), text localization identifier, barcode, application format version, volume locked and media pool, all on
 * partition 0.
 *
 * <p>The MAM may be unavailable (a drive adapter that cannot issue READ/WRITE ATTRIBUTE, an LTO cartridge without
 * one): failures are ignored, as the reference ignores them, and one failure other than "not supported" is logged
 * once per mount. LTFS stays correct without MAM: mounts then judge consistency from the tape alone.
 */
final class MamParameters {

    /** APPLICATION VENDOR, ASCII, 8 bytes (SPC-4 "Host type attributes"). */
    static final int APPLICATION_VENDOR = 0x0800;
    /** APPLICATION NAME, ASCII, 32 bytes. */
    static final int APPLICATION_NAME = 0x0801;
    /** APPLICATION VERSION, ASCII, 8 bytes. */
    static final int APPLICATION_VERSION = 0x0802;
    /** USER MEDIUM TEXT LABEL, text, 160 bytes: the volume name. */
    static final int USER_MEDIUM_TEXT_LABEL = 0x0803;
    /** TEXT LOCALIZATION IDENTIFIER, binary, 1 byte: 81h, UTF-8. */
    static final int TEXT_LOCALIZATION_IDENTIFIER = 0x0805;
    /** BARCODE, ASCII, 32 bytes. */
    static final int BARCODE = 0x0806;
    /** MEDIA POOL, text, 160 bytes. */
    static final int MEDIA_POOL = 0x0808;
    /** APPLICATION FORMAT VERSION, ASCII, 16 bytes: the LTFS format version written. */
    static final int APPLICATION_FORMAT_VERSION = 0x080B;
    /** VOLUME LOCKED, binary, 1 byte: 0 unlocked, 1 locked, 2 permanently locked (reference tape_ops.h). */
    static final int VOLUME_LOCKED = 0x1623;
    /** VOLUME CHANGE REFERENCE, kept by the drive: 4 bytes as LTO drives report it. */
    static final int VOLUME_CHANGE_REFERENCE = 0x0009;

    static final String VENDOR = "TAPELIB";
    static final String APPLICATION = "Tape Library Service";
    static final String VERSION = "0.1.0";
    private static final int UTF8_LOCALIZATION = 0x81;
    private static final long VCR_UNUSABLE = 0xFFFF_FFFFL;
    private static final Logger LOG = Logger.getLogger(LtfsVolume.class);

    private final TapeDrive drive;
    private final String volumeTag;
    private final String volumeUuid;
    private boolean failureLogged;

    MamParameters(TapeDrive drive, String volumeTag, String volumeUuid) {
        this.drive = drive;
        this.volumeTag = volumeTag;
        this.volumeUuid = volumeUuid;
    }

    /** The drive's Volume Change Reference; empty when unavailable or unusable (0, or all ones). */
    OptionalLong volumeChangeReference() {
        Optional<MediumAttribute> read = read(0, VOLUME_CHANGE_REFERENCE);
        if (read.isEmpty() || read.get().value().length < 4 || read.get().value().length > 8) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (byte b : read.get().value()) {
            value = (value << 8) | (b & 0xFF);
        }
        return value == 0 || value == VCR_UNUSABLE || value == -1 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** A partition's Volume Coherency Information, when present and naming this volume. */
    Optional<VolumeCoherency> coherency(int partition) {
        return read(partition, VolumeCoherency.ATTRIBUTE_ID).flatMap(VolumeCoherency::parse)
                .filter(c -> c.volumeUuid().equals(volumeUuid));
    }

    /**
     * The Volume Coherency Information of both partitions when it says that nothing was written since each
     * partition's last index (the reference implementation's test at mount, {@code ltfs_mount}): the drive's Volume
     * Change Reference is usable and equal to the one both partitions' parameters recorded, and both are of a version
     * the reference trusts (version 0, written by LTFS 1.0, is not).
     */
    Optional<Coherent> coherent() {
        OptionalLong vcr = volumeChangeReference();
        if (vcr.isEmpty()) {
            return Optional.empty();
        }
        Optional<VolumeCoherency> index = coherency(LtfsVolume.INDEX_PARTITION);
        Optional<VolumeCoherency> data = coherency(LtfsVolume.DATA_PARTITION);
        if (index.isEmpty() || data.isEmpty()) {
            return Optional.empty();
        }
        boolean unchanged = index.get().volumeChangeReference() == vcr.getAsLong()
                && data.get().volumeChangeReference() == vcr.getAsLong()
                && index.get().version() >= VolumeCoherency.VERSION && data.get().version() >= VolumeCoherency.VERSION;
        return unchanged ? Optional.of(new Coherent(index.get(), data.get())) : Optional.empty();
    }

    /**
     * Coherency information of both partitions that says nothing was written since.
     *
     * @param index the index partition's
     * @param data  the data partition's
     */
    record Coherent(VolumeCoherency index, VolumeCoherency data) {
    }

    /**
     * After an index construct was written: the Volume Coherency Information of each partition that ends with its
     * index construct, with the drive's current Volume Change Reference (reference {@code ltfs_update_cart_coherency}).
     *
     * @param dataIndex  the data partition's last index when that partition ends with it
     * @param indexIndex the index partition's index when that partition ends with it
     */
    void indexWritten(Optional<PartitionIndex> dataIndex, Optional<PartitionIndex> indexIndex) {
        OptionalLong vcr = volumeChangeReference();
        if (vcr.isEmpty()) {
            return;
        }
        indexIndex.ifPresent(i -> write(LtfsVolume.INDEX_PARTITION,
                VolumeCoherency.of(vcr.getAsLong(), i.generation(), i.block(), volumeUuid).attribute()));
        dataIndex.ifPresent(i -> write(LtfsVolume.DATA_PARTITION,
                VolumeCoherency.of(vcr.getAsLong(), i.generation(), i.block(), volumeUuid).attribute()));
    }

    /**
     * The host attributes mkltfs writes, on partition 0.
     *
     * @param volumeName      the index's volume name, null for none
     * @param volumeLockState {@code unlocked}, {@code locked} or {@code permlocked}
     */
    void writeHostAttributes(String volumeName, String volumeLockState) {
        write(0, ascii(APPLICATION_VENDOR, VENDOR, 8));
        write(0, ascii(APPLICATION_NAME, APPLICATION, 32));
        write(0, ascii(APPLICATION_VERSION, VERSION, 8));
        write(0, text(USER_MEDIUM_TEXT_LABEL, volumeName == null ? "" : volumeName, 160));
        write(0, new MediumAttribute(TEXT_LOCALIZATION_IDENTIFIER, MediumAttribute.BINARY,
                new byte[] {(byte) UTF8_LOCALIZATION}));
        write(0, ascii(BARCODE, volumeTag, 32));
        write(0, ascii(APPLICATION_FORMAT_VERSION, FormatVersion.WRITTEN, 16));
        write(0, new MediumAttribute(VOLUME_LOCKED, MediumAttribute.BINARY, new byte[] {lockCode(volumeLockState)}));
        write(0, text(MEDIA_POOL, "", 160));
    }

    /** An ASCII attribute: left-aligned, space-padded, cut at {@code length}. */
    static MediumAttribute ascii(int id, String value, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) ' ');
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, bytes, 0, Math.min(length, text.length));
        return new MediumAttribute(id, MediumAttribute.ASCII, bytes);
    }

    /** A text attribute in UTF-8: NUL-padded, cut at a character boundary so that at least one NUL ends it. */
    static MediumAttribute text(int id, String value, int length) {
        byte[] bytes = new byte[length];
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        int cut = Math.min(text.length, length - 1);
        while (cut > 0 && cut < text.length && (text[cut] & 0xC0) == 0x80) {
            cut--;
        }
        System.arraycopy(text, 0, bytes, 0, cut);
        return new MediumAttribute(id, MediumAttribute.TEXT, bytes);
    }

    private static byte lockCode(String volumeLockState) {
        return switch (volumeLockState == null ? LtfsVolume.UNLOCKED : volumeLockState) {
            case "locked" -> 1;
            case "permlocked" -> 2;
            default -> 0;
        };
    }

    private Optional<MediumAttribute> read(int partition, int id) {
        try {
            return drive.readAttribute(partition, id);
        } catch (AttributeNotSupportedException e) {
            return Optional.empty();
        } catch (DeviceException e) {
            logOnce("reading", e);
            return Optional.empty();
        }
    }

    private void write(int partition, MediumAttribute attribute) {
        try {
            drive.writeAttribute(partition, attribute);
        } catch (AttributeNotSupportedException e) {
            // the adapter logged it once; LTFS works without MAM
        } catch (DeviceException e) {
            logOnce("writing", e);
        }
    }

    private void logOnce(String what, DeviceException e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.warnf("%s: %s cartridge memory failed, LTFS goes on without it: %s", volumeTag, what, e.getMessage());
        }
    }

    /**
     * A partition's last index.
     *
     * @param generation its generation
     * @param block      its first block (self pointer)
     */
    record PartitionIndex(long generation, long block) {
    }
}
