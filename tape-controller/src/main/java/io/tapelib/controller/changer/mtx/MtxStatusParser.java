package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.device.DeviceException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of {@code mtx -f <device> status} into an {@link Inventory}. Format rules from
 * {@code Status()} in mtx 1.3.12 mtx.c (unchanged in this respect since mtx 1.2):
 * <pre>
 *   Storage Changer /dev/sg25:2 Drives, 24 Slots ( 1 Import/Export )
 * Data Transfer Element 0:Full (Storage Element 8 Loaded):VolumeTag = 042142L9
 * Data Transfer Element 1:Full (Unknown Storage Element Loaded)
 * Data Transfer Element 2:Empty
 *       Storage Element 1:Full :VolumeTag=HER006L9
 *       Storage Element 3:Full
 *       Storage Element 8:Empty
 *       Storage Element 24 IMPORT/EXPORT:Full :VolumeTag=HER003L9
 * </pre>
 * <ul>
 *   <li>"N Slots" counts storage and import/export elements together; mtx numbers both from 1 in one
 *       sequence, import/export elements after the storage elements on the libraries seen so far.
 *       Each element keeps the number mtx prints, because that is the number mtx's {@code load},
 *       {@code unload} and {@code transfer} take.</li>
 *   <li>Volume tags are printed as the library reports them, padded with spaces to 32 or 36
 *       characters; the padding is removed. A full element without a tag line has no readable label.
 *       A tag printed for an empty element (some libraries remember it) is ignored.</li>
 *   <li>{@code :AlternateVolumeTag = ...} may follow the primary tag; {@link Element} has no place for it
 *       and it is dropped.</li>
 *   <li>"(Unknown Storage Element Loaded)": the library does not know the source slot.</li>
 *   <li>Any other line is ignored: mtx's standard error (Request Sense dumps of a Unit Attention it
 *       retried past, {@code Mode sense (0x1A) for Page 0x1D failed}) is often captured interleaved.</li>
 * </ul>
 */
public final class MtxStatusParser {

    private static final Pattern HEADER = Pattern.compile(
            "Storage Changer (.*):(\\d{1,9}) Drives, (\\d{1,9}) Slots \\( (\\d{1,9}) Import/Export \\)");
    private static final Pattern DATA_TRANSFER = Pattern.compile(
            "Data Transfer Element (\\d{1,9}):(Empty|Full \\((?:Storage Element (\\d{1,9})|Unknown Storage Element) Loaded\\))(.*)");
    private static final Pattern STORAGE = Pattern.compile(
            "Storage Element (\\d{1,9})( IMPORT/EXPORT)?:(Empty|Full)(.*)");
    // What may follow the state: the primary and the alternate volume tag, each optional. The drive
    // lines write "VolumeTag = X", the slot lines "VolumeTag=X".
    private static final Pattern TAGS = Pattern.compile(
            "\\s*(?::VolumeTag\\s*=(.*?))?(?::AlternateVolumeTag\\s*=(.*?))?\\s*");

    private MtxStatusParser() {
    }

    /**
     * Parses the output of {@code mtx status}.
     *
     * @param device the changer device, for messages, e.g. {@code /dev/sg1}
     * @param output what mtx printed (standard output; standard error mixed in is tolerated)
     * @return the elements, by ascending number
     * @throws DeviceException the output has no {@code Storage Changer} header, an element line that
     *                         does not read as mtx writes it, or fewer or more elements than the header
     *                         announces (a truncated output); the message quotes the output
     */
    public static Inventory parse(String device, String output) {
        Header header = null;
        List<Element> drives = new ArrayList<>();
        List<Element> storage = new ArrayList<>();
        List<Element> importExport = new ArrayList<>();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            Matcher m;
            if ((m = HEADER.matcher(line)).matches()) {
                header = new Header(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            } else if ((m = DATA_TRANSFER.matcher(line)).matches()) {
                drives.add(dataTransfer(device, output, line, m));
            } else if ((m = STORAGE.matcher(line)).matches()) {
                Element element = storage(device, output, line, m);
                (element.type() == ElementType.IMPORT_EXPORT ? importExport : storage).add(element);
            } else if (line.startsWith("Data Transfer Element") || line.startsWith("Storage Element")) {
                throw malformed(device, "cannot read the element line \"" + line + "\"", output);
            }
        }
        if (header == null) {
            throw malformed(device, "no \"Storage Changer ...: N Drives, M Slots ( K Import/Export )\" line", output);
        }
        if (drives.size() != header.drives() || storage.size() + importExport.size() != header.slots()
                || importExport.size() != header.importExport()) {
            throw malformed(device, "the header announces " + header.drives() + " drives, " + header.slots() + " slots ("
                    + header.importExport() + " import/export) but the output lists " + drives.size() + " drives, "
                    + (storage.size() + importExport.size()) + " slots (" + importExport.size() + " import/export)", output);
        }
        Comparator<Element> byNumber = Comparator.comparingInt(Element::number);
        drives.sort(byNumber);
        storage.sort(byNumber);
        importExport.sort(byNumber);
        return new Inventory(drives, storage, importExport);
    }

    private record Header(int drives, int slots, int importExport) {
    }

    private static Element dataTransfer(String device, String output, String line, Matcher m) {
        boolean full = m.group(2).startsWith("Full");
        OptionalInt source = m.group(3) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(3)));
        Optional<String> tag = full ? volumeTag(device, output, line, m.group(4)) : Optional.empty();
        return new Element(ElementType.DATA_TRANSFER, Integer.parseInt(m.group(1)), full, tag, source);
    }

    private static Element storage(String device, String output, String line, Matcher m) {
        ElementType type = m.group(2) == null ? ElementType.STORAGE : ElementType.IMPORT_EXPORT;
        boolean full = m.group(3).equals("Full");
        Optional<String> tag = volumeTag(device, output, line, m.group(4));
        return new Element(type, Integer.parseInt(m.group(1)), full, full ? tag : Optional.empty(), OptionalInt.empty());
    }

    private static Optional<String> volumeTag(String device, String output, String line, String rest) {
        Matcher tags = TAGS.matcher(rest);
        if (!tags.matches()) {
            throw malformed(device, "cannot read the volume tag of \"" + line + "\"", output);
        }
        return Optional.ofNullable(tags.group(1)).map(String::strip).filter(tag -> !tag.isEmpty());
    }

    private static DeviceException malformed(String device, String what, String output) {
        String quoted = output.isBlank() ? "(no output)" : "\n" + output.strip();
        return new DeviceException(device, "mtx status printed no inventory that can be read: " + what + "; it printed: " + quoted);
    }
}
