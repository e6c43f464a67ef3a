package io.tapelib.controller.library;

import java.nio.file.Path;
import java.util.Optional;

/**
 * File names inside a cartridge's directory. The layout is the one of the LTFS reference
 * implementation's file tape backend (github LinearTapeFileSystem/ltfs,
 * src/tape_drivers/generic/file/filedebug_tc.c), so that a cartridge directory can be handed to that
 * implementation and back:
 * <ul>
 *   <li>{@code <partition>_<logical object>_R}: a record, the block's bytes;</li>
 *   <li>{@code <partition>_<logical object>_F}: a filemark (empty file);</li>
 *   <li>{@code <partition>_<logical object>_E}: end of data (empty file) at the first object after the data;</li>
 *   <li>{@code attr_<partition>_<attribute id in lower-case hex>}: a cartridge memory (MAM) attribute, with
 *       its SPC-4 header (identifier, format, length) followed by the value;</li>
 *   <li>{@code filedebug_tc_conf.xml}: the reference backend's cartridge configuration;</li>
 *   <li>{@value #METADATA_FILE}: our own metadata (volume tag, capacity, partition sizes, write protection).</li>
 * </ul>
 *
 * @param directory the cartridge's directory
 */
public record CartridgeLayout(Path directory) {

    /** Our own metadata file; its name does not end in R, F or E so the reference backend ignores it. */
    public static final String METADATA_FILE = "cartridge.json";
    /** The reference backend's configuration file (filedebug_tc.c, CARTRIDGE_CONFIG). */
    public static final String REFERENCE_CONFIG_FILE = "filedebug_tc_conf.xml";

    /** The kind of a logical object, by the suffix the reference backend gives its file. */
    public enum ObjectType {
        RECORD('R'), FILEMARK('F'), END_OF_DATA('E');

        private final char suffix;

        ObjectType(char suffix) {
            this.suffix = suffix;
        }

        /** The file name suffix letter. */
        public char suffix() {
            return suffix;
        }
    }

    /**
     * A logical object file name taken apart.
     *
     * @param partition partition number
     * @param block     logical object number within the partition
     * @param type      record, filemark or end of data
     */
    public record ObjectName(int partition, long block, ObjectType type) {

        /**
         * Parses {@code <partition>_<block>_<R|F|E>}.
         *
         * @return empty when the name is not a logical object's (metadata, attributes, temp files)
         */
        public static Optional<ObjectName> parse(String fileName) {
            int first = fileName.indexOf('_');
            int last = fileName.lastIndexOf('_');
            if (first <= 0 || last != fileName.length() - 2 || first == last) {
                return Optional.empty();
            }
            ObjectType type;
            switch (fileName.charAt(fileName.length() - 1)) {
                case 'R' -> type = ObjectType.RECORD;
                case 'F' -> type = ObjectType.FILEMARK;
                case 'E' -> type = ObjectType.END_OF_DATA;
                default -> {
                    return Optional.empty();
                }
            }
            try {
                int partition = Integer.parseInt(fileName.substring(0, first));
                long block = Long.parseLong(fileName.substring(first + 1, last));
                return partition < 0 || block < 0 ? Optional.empty() : Optional.of(new ObjectName(partition, block, type));
            } catch (NumberFormatException notAnObject) {
                return Optional.empty();
            }
        }
    }

    /** The file of a logical object. */
    public Path object(int partition, long block, ObjectType type) {
        return directory.resolve(partition + "_" + block + "_" + type.suffix());
    }

    /** The file of a MAM attribute ({@code attr_<partition>_<id hex>}, as filedebug_tc.c names it). */
    public Path attribute(int partition, int attributeId) {
        return directory.resolve("attr_" + partition + "_" + Integer.toHexString(attributeId));
    }

    /** Our metadata file. */
    public Path metadata() {
        return directory.resolve(METADATA_FILE);
    }

    /** The reference backend's configuration file. */
    public Path referenceConfig() {
        return directory.resolve(REFERENCE_CONFIG_FILE);
    }
}
