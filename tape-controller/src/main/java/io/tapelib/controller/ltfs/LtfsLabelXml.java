package io.tapelib.controller.ltfs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Reads and writes the LTFS label XML ({@code ltfslabel}, LTFS Format Specification 2.4, section 8.1.2) with StAX,
 * in the layout mkltfs writes: one element per line, four-space indentation.
 */
public final class LtfsLabelXml {

    private LtfsLabelXml() {
    }

    /**
     * Parses a label record.
     *
     * @param source the volume and place, for error messages
     * @throws NotLtfsVolumeException          the XML's root element is not {@code ltfslabel}
     * @throws MalformedIndexException         invalid XML, a DTD, no version, or a missing or invalid element
     *                                         (blocksize not a positive number, compression not a boolean)
     * @throws UnsupportedLtfsVersionException a major version other than 1 or 2
     */
    public static LtfsLabel parse(byte[] record, int length, String source) {
        Map<String, String> values = new HashMap<>();
        String version;
        try {
            XMLStreamReader reader = XmlFactories.input().createXMLStreamReader(new ByteArrayInputStream(record, 0, length));
            try {
                version = readRoot(reader, source);
                StringBuilder path = new StringBuilder();
                while (reader.hasNext()) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw new MalformedIndexException(source, "a DTD is not allowed in an LTFS label");
                    } else if (event == XMLStreamConstants.START_ELEMENT) {
                        path.append('/').append(reader.getLocalName());
                    } else if (event == XMLStreamConstants.CHARACTERS && !reader.isWhiteSpace()) {
                        values.merge(path.toString(), reader.getText(), String::concat);
                    } else if (event == XMLStreamConstants.END_ELEMENT && path.length() > 0) {
                        path.setLength(path.lastIndexOf("/"));
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new MalformedIndexException(source, "invalid label XML: " + e.getMessage(), e);
        } catch (LtfsException e) {
            throw e;
        } catch (RuntimeException e) {
            // the JDK's parser has been known to throw unchecked exceptions on some malformed input
            throw new MalformedIndexException(source, "invalid label XML: " + e, e);
        }
        FormatVersion.check(source, version);
        try {
            int blockSize = Integer.parseInt(required(values, "/blocksize", source).trim());
            if (blockSize <= 0) {
                throw new IllegalArgumentException("blocksize " + blockSize + " is not positive");
            }
            return new LtfsLabel(version, values.getOrDefault("/creator", ""),
                    LtfsTime.parse(required(values, "/formattime", source)),
                    required(values, "/volumeuuid", source).trim(),
                    IndexLocation.partitionNumber(required(values, "/location/partition", source)),
                    IndexLocation.partitionNumber(required(values, "/partitions/index", source)),
                    IndexLocation.partitionNumber(required(values, "/partitions/data", source)),
                    blockSize, bool(values.getOrDefault("/compression", "false")));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new MalformedIndexException(source, "invalid label element: " + e.getMessage(), e);
        }
    }

    private static boolean bool(String text) {
        return switch (text.trim()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("compression '" + text + "' is neither true nor false");
        };
    }

    private static String readRoot(XMLStreamReader reader, String source) throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD) {
                throw new MalformedIndexException(source, "a DTD is not allowed in an LTFS label");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (!reader.getLocalName().equals("ltfslabel")) {
                    throw new NotLtfsVolumeException(source, "label record's root element is <" + reader.getLocalName() + ">");
                }
                return reader.getAttributeValue(null, "version");
            }
        }
        throw new MalformedIndexException(source, "empty label record");
    }

    private static String required(Map<String, String> values, String path, String source) {
        String value = values.get(path);
        if (value == null) {
            throw new MalformedIndexException(source, "label lacks element " + path.substring(1));
        }
        return value;
    }

    /** The label as UTF-8 XML bytes, one record. */
    public static byte[] write(LtfsLabel label) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XmlFactories.output().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("ltfslabel");
            xml.writeAttribute("version", label.version());
            leaf(xml, 1, "creator", label.creator());
            leaf(xml, 1, "formattime", LtfsTime.format(label.formatTime()));
            leaf(xml, 1, "volumeuuid", label.volumeUuid());
            open(xml, 1, "location");
            leaf(xml, 2, "partition", String.valueOf(IndexLocation.partitionId(label.partition())));
            close(xml, 1);
            open(xml, 1, "partitions");
            leaf(xml, 2, "index", String.valueOf(IndexLocation.partitionId(label.indexPartition())));
            leaf(xml, 2, "data", String.valueOf(IndexLocation.partitionId(label.dataPartition())));
            close(xml, 1);
            leaf(xml, 1, "blocksize", String.valueOf(label.blockSize()));
            leaf(xml, 1, "compression", String.valueOf(label.compression()));
            close(xml, 0);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new LtfsException("cannot write LTFS label XML: " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }

    private static void open(XMLStreamWriter xml, int depth, String name) throws XMLStreamException {
        xml.writeCharacters("\n" + "    ".repeat(depth));
        xml.writeStartElement(name);
    }

    private static void leaf(XMLStreamWriter xml, int depth, String name, String text) throws XMLStreamException {
        open(xml, depth, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void close(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "    ".repeat(depth));
        xml.writeEndElement();
        if (depth == 0) {
            xml.writeCharacters("\n");
        }
    }
}
