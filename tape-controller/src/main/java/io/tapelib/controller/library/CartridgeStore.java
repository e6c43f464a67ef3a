package io.tapelib.controller.library;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cartridges of a virtual library: one directory per cartridge under {@code <library>/cartridges/},
 * named by volume tag, laid out as {@link CartridgeLayout} describes.
 */
public final class CartridgeStore {

    /** Volume tags become directory names: letters and digits only, as on barcode labels (SMC-3: 32 characters at most). */
    private static final Pattern VOLUME_TAG = Pattern.compile("[A-Za-z0-9]{1,32}");
    /** LTO-5 density code (SSC-4 density codes; the reference backend's default, filedebug_tc.c). */
    public static final int LTO5_DENSITY_CODE = 0x58;

    private final Path root;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final XMLOutputFactory xmlOutput = XMLOutputFactory.newFactory();

    /** @param root the directory that holds one directory per cartridge */
    public CartridgeStore(Path root) {
        this.root = root;
    }

    /**
     * Checks a volume tag before it names a directory.
     *
     * @throws IllegalArgumentException when the tag is not 1 to 32 letters and digits
     */
    public static String requireValidVolumeTag(String volumeTag) {
        if (volumeTag == null || !VOLUME_TAG.matcher(volumeTag).matches()) {
            throw new IllegalArgumentException("volume tag must be 1 to 32 letters and digits, got '" + volumeTag + "'");
        }
        return volumeTag;
    }

    /** The layout of a cartridge's directory (which need not exist). */
    public CartridgeLayout layout(String volumeTag) {
        return new CartridgeLayout(root.resolve(requireValidVolumeTag(volumeTag)));
    }

    /** Whether a cartridge with this volume tag has a directory with our metadata. */
    public boolean exists(String volumeTag) {
        return Files.isRegularFile(layout(volumeTag).metadata());
    }

    /**
     * Creates a blank cartridge: one partition holding the whole capacity, end of data at block 0
     * ({@code 0_0_E}), the barcode in MAM, and the reference backend's configuration beside our metadata.
     * The metadata is written last, so a directory without it is not a cartridge. Nothing is forced to
     * stable storage here: a blank cartridge holds nothing to lose, and the caller's next forced write
     * (the library's element state) commits these files with it on a journaling file system.
     *
     * @param capacityBytes native capacity in bytes
     * @throws IOException when the directory cannot be written
     */
    public CartridgeMetadata create(String volumeTag, long capacityBytes) throws IOException {
        CartridgeLayout layout = layout(volumeTag);
        Files.createDirectories(layout.directory());
        CartridgeMetadata metadata = CartridgeMetadata.blank(volumeTag, capacityBytes);
        Files.write(layout.object(0, 0, CartridgeLayout.ObjectType.END_OF_DATA), new byte[0]);
        Files.write(layout.attribute(0, MamAttribute.BARCODE), MamAttribute.ascii(MamAttribute.BARCODE, volumeTag, 32));
        Files.write(layout.referenceConfig(), referenceConfig(metadata));
        Files.write(layout.metadata(), json.writeValueAsBytes(metadata));
        return metadata;
    }

    /**
     * Makes a cartridge folder prepared beside the cartridges ({@code staged}, in the same file system) the cartridge
     * {@code metadata} names: writes our metadata into it (and the reference backend's configuration when it has
     * none), forces both, and renames the folder to the cartridge's directory. The metadata is written before the
     * rename, so the directory is never a cartridge without it.
     *
     * @throws IOException the folder cannot be written or renamed (the cartridge's directory exists, say)
     */
    public void install(Path staged, CartridgeMetadata metadata) throws IOException {
        CartridgeLayout prepared = new CartridgeLayout(staged);
        if (!Files.exists(prepared.referenceConfig())) {
            AtomicFile.write(prepared.referenceConfig(), referenceConfig(metadata));
        }
        AtomicFile.write(prepared.metadata(), json.writeValueAsBytes(metadata));
        Files.move(staged, layout(metadata.volumeTag()).directory(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.forceDirectory(root);
    }

    /** The directory that holds one directory per cartridge. */
    public Path root() {
        return root;
    }

    /**
     * Reads a cartridge's metadata.
     *
     * @throws IOException when the cartridge has no readable metadata
     */
    public CartridgeMetadata read(String volumeTag) throws IOException {
        return json.readValue(layout(volumeTag).metadata().toFile(), CartridgeMetadata.class);
    }

    /**
     * Replaces a cartridge's metadata atomically, and the reference backend's configuration with it
     * (its {@code emulate_readonly} follows our write protection).
     *
     * @throws IOException when the directory cannot be written
     */
    public void write(CartridgeMetadata metadata) throws IOException {
        CartridgeLayout layout = layout(metadata.volumeTag());
        AtomicFile.write(layout.metadata(), json.writeValueAsBytes(metadata));
        AtomicFile.write(layout.referenceConfig(), referenceConfig(metadata));
    }

    /**
     * Replaces one MAM attribute of a partition (atomically, not forced: the caller forces the
     * cartridge's directory after a batch of attributes).
     *
     * @param encoded the attribute with its header ({@link MamAttribute})
     * @throws IOException when the directory cannot be written
     */
    public void writeAttribute(String volumeTag, int partition, int attributeId, byte[] encoded) throws IOException {
        AtomicFile.writeUnforced(layout(volumeTag).attribute(partition, attributeId), encoded);
    }

    /**
     * One MAM attribute of a partition with its header, as stored.
     *
     * @return empty when the cartridge holds no such attribute
     * @throws IOException when the attribute file exists but cannot be read
     */
    public Optional<byte[]> readAttribute(String volumeTag, int partition, int attributeId) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(layout(volumeTag).attribute(partition, attributeId)));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    /**
     * The reference backend's {@code filedebug_tc_conf.xml} (element names and formats from
     * filedebug_conf_tc.c: capacity in MiB, cartridge type name, density code in hex, delay figures).
     */
    private byte[] referenceConfig(CartridgeMetadata metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = xmlOutput.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("filedebug_cartridge_config");
            element(xml, "dummy_io", "false");
            element(xml, "emulate_readonly", Boolean.toString(metadata.writeProtected()));
            element(xml, "capacity_mb", Long.toString(metadata.capacityBytes() / (1024 * 1024)));
            element(xml, "cart_type", "L5");
            element(xml, "density_code", Integer.toHexString(LTO5_DENSITY_CODE));
            element(xml, "delay_mode", "None");
            element(xml, "wraps", Integer.toString(TimingModel.LTO5_WRAPS));
            element(xml, "eot_to_bot_sec", Long.toString(Math.round(TimingModel.END_TO_END_SECONDS)));
            element(xml, "change_direction_us", Long.toString(Math.round(TimingModel.CHANGE_DIRECTION_SECONDS * 1e6)));
            element(xml, "change_track_us", "10000");
            element(xml, "threading_sec", Long.toString(Math.round(TimingModel.LOAD_SECONDS)));
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write filedebug_tc_conf.xml for " + metadata.volumeTag(), e);
        }
        return out.toByteArray();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
