package io.tapelib.controller.library;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A cartridge folder in the layout of the LTFS reference implementation's file tape backend, as {@code mkltfs -e file}
 * leaves it (github LinearTapeFileSystem/ltfs, src/tape_drivers/generic/file/filedebug_tc.c and filedebug_conf_tc.c):
 * logical objects {@code <partition>_<block>_<R|F|E>}, MAM attributes {@code attr_<partition>_<id hex>} (each the
 * attribute's SPC-4 header and value, as READ ATTRIBUTE returns it) and {@code filedebug_tc_conf.xml}. What the virtual
 * library keeps beside it ({@link CartridgeMetadata}) is derived here, by the backend's own rules:
 * <ul>
 *   <li>capacity: {@code capacity_mb} (MiB) of {@code filedebug_tc_conf.xml}; without the file, the library's
 *       configured capacity (the backend would write its own default there at the first load);</li>
 *   <li>partitions: two when partition 1 holds any record or filemark (the backend counts one partition when the
 *       end of data of partition 1 is at block 0, {@code filedebug_load}), sized as the backend sizes them: partition 0
 *       5% of the capacity, partition 1 the rest ({@code calc_p0_cap}, {@code calc_p1_cap});</li>
 *   <li>write protection: {@code emulate_readonly};</li>
 *   <li>volume tag: the MAM BARCODE attribute (0806h, ASCII, 32 bytes, space padded: SPC-4 table "Host type
 *       attributes"; mkltfs writes it from its barcode option, all spaces without one).</li>
 * </ul>
 */
final class ReferenceCartridge {

    /** Percentage of the capacity the reference backend gives partition 0 of a partitioned cartridge (calc_p0_cap). */
    private static final int INDEX_PARTITION_PERCENT = 5;
    private static final long MIB = 1024L * 1024;
    private static final int HEADER_BYTES = 5;

    private ReferenceCartridge() {
    }

    /**
     * Checks that {@code folder} is a cartridge folder: a directory of regular files holding the first logical object
     * of partition 0 ({@code 0_0_R}, {@code 0_0_F} or {@code 0_0_E}; the backend writes {@code 0_0_E} into an empty
     * cartridge at its first load).
     *
     * @throws MailSlotException NOT_A_CARTRIDGE otherwise
     * @throws IOException       the folder cannot be listed
     */
    static void check(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new MailSlotException(MailSlotException.Reason.NOT_A_CARTRIDGE, folder + " is not a directory");
        }
        CartridgeLayout layout = new CartridgeLayout(folder);
        if (Stream.of(CartridgeLayout.ObjectType.values()).noneMatch(t -> Files.isRegularFile(layout.object(0, 0, t)))) {
            throw new MailSlotException(MailSlotException.Reason.NOT_A_CARTRIDGE, folder + " is not a cartridge folder"
                    + " of the LTFS reference file backend: it holds no 0_0_R, 0_0_F or 0_0_E");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            Optional<Path> other = entries.filter(p -> !Files.isRegularFile(p)).findFirst();
            if (other.isPresent()) {
                throw new MailSlotException(MailSlotException.Reason.NOT_A_CARTRIDGE, folder + " is not a cartridge"
                        + " folder: " + other.get().getFileName() + " is not a regular file");
            }
        }
    }

    /**
     * The volume tag in the cartridge memory: the BARCODE attribute of partition 0, trailing spaces and NULs removed.
     * A file holding several attributes (the backend writes a whole WRITE ATTRIBUTE parameter list into each
     * attribute's file) is searched for it.
     *
     * @return empty when the attribute is missing, blank or malformed
     * @throws IOException the attribute file exists but cannot be read
     */
    static Optional<String> barcode(Path folder) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(new CartridgeLayout(folder).attribute(0, MamAttribute.BARCODE));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.remaining() >= HEADER_BYTES) {
            int id = Short.toUnsignedInt(buffer.getShort());
            buffer.get();
            int length = Short.toUnsignedInt(buffer.getShort());
            if (length > buffer.remaining()) {
                return Optional.empty();
            }
            byte[] value = new byte[length];
            buffer.get(value);
            if (id == MamAttribute.BARCODE) {
                String text = new String(value, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
                return text.isEmpty() ? Optional.empty() : Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /**
     * Our metadata for the cartridge in {@code folder}, by the backend's rules (see the class comment).
     *
     * @param defaultCapacityBytes the capacity when the folder has no {@code filedebug_tc_conf.xml}
     * @throws MailSlotException NOT_A_CARTRIDGE when the configuration file cannot be parsed
     * @throws IOException       a file cannot be read
     */
    static CartridgeMetadata metadata(Path folder, String volumeTag, long defaultCapacityBytes) throws IOException {
        CartridgeLayout layout = new CartridgeLayout(folder);
        long capacity = defaultCapacityBytes;
        boolean readOnly = false;
        if (Files.isRegularFile(layout.referenceConfig())) {
            Config config = readConfig(layout.referenceConfig());
            if (config.capacityMib() > 0) {
                capacity = config.capacityMib() * MIB;
            }
            readOnly = config.emulateReadonly();
        }
        List<Long> partitions = partitioned(folder)
                ? List.of(capacity * INDEX_PARTITION_PERCENT / 100, capacity - capacity * INDEX_PARTITION_PERCENT / 100)
                : List.of(capacity);
        return new CartridgeMetadata(volumeTag, capacity, partitions, readOnly);
    }

    /** Whether partition 1 holds any record or filemark (an end of data at block 0 alone is an empty partition). */
    private static boolean partitioned(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> CartridgeLayout.ObjectName.parse(p.getFileName().toString()))
                    .flatMap(Optional::stream)
                    .anyMatch(o -> o.partition() == 1 && o.type() != CartridgeLayout.ObjectType.END_OF_DATA);
        }
    }

    private record Config(long capacityMib, boolean emulateReadonly) {
    }

    private static Config readConfig(Path file) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        long capacity = 0;
        boolean readOnly = false;
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamReader.START_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "capacity_mb" -> capacity = Long.parseLong(xml.getElementText().strip());
                        case "emulate_readonly" -> readOnly = Boolean.parseBoolean(xml.getElementText().strip());
                        default -> { }
                    }
                }
            }
            xml.close();
        } catch (XMLStreamException | NumberFormatException e) {
            throw new MailSlotException(MailSlotException.Reason.NOT_A_CARTRIDGE, file + " cannot be parsed: "
                    + e.getMessage());
        }
        return new Config(capacity, readOnly);
    }
}
