package io.tapelib.controller.ltfs;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A cursor over the StAX events of one LTFS index: moves from element to element, collects text-only elements up to
 * {@link IndexLimits#maxTextChars()} characters, skips unknown subtrees whole (LTFS Format Specification 2.4, section
 * 2.1) and turns every parser failure, including the size violations of {@link BoundedXmlInput}, into a
 * {@link MalformedIndexException} naming the source, line and column.
 */
final class IndexCursor {

    private final XMLStreamReader xml;
    private final BoundedXmlInput input;
    private final String source;
    private final IndexLimits limits;

    IndexCursor(XMLStreamReader xml, BoundedXmlInput input, String source, IndexLimits limits) {
        this.xml = xml;
        this.input = input;
        this.source = source;
        this.limits = limits;
    }

    /** What went wrong in the parser: the size limit the input crossed, if any, else the parser's own words. */
    static String problem(BoundedXmlInput input, Exception e) {
        if (input.violation() != null) {
            return input.violation();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "not well-formed XML: " + message.replace('\n', ' ');
    }

    /** The encoding the XML declaration names, null when it names none; known only before the first move. */
    String declaredEncoding() {
        return xml.getCharacterEncodingScheme();
    }

    /** The local name of the element the cursor is on. */
    String localName() {
        return xml.getLocalName();
    }

    /** An attribute of the start tag the cursor is on, null when absent. */
    String attribute(String name) {
        return xml.getAttributeValue(null, name);
    }

    /** The text of a text-only element, the cursor on its start tag; stops a text longer than the limit early. */
    String text(String element) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE,
                     XMLStreamConstants.ENTITY_REFERENCE -> {
                    if (text.length() + xml.getTextLength() > limits.maxTextChars()) {
                        throw malformed("<" + element + "> holds more than " + limits.maxTextChars() + " characters");
                    }
                    text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString();
                }
                case XMLStreamConstants.START_ELEMENT ->
                        throw malformed("<" + element + "> must hold text only, not <" + xml.getLocalName() + ">");
                case XMLStreamConstants.END_DOCUMENT -> throw malformed("the index ends inside <" + element + ">");
                default -> {
                    // comments and processing instructions
                }
            }
        }
    }

    /** Moves to the first start element of the document. */
    void firstElement() throws XMLStreamException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.DTD) {
                throw malformed("a DTD is not allowed in an LTFS index (refused: external entities, entity expansion)");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                return;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw malformed("the index is empty");
            }
        }
    }

    /** Moves to the next child element of the current element; false at the current element's end. */
    boolean nextChild() throws XMLStreamException {
        while (true) {
            switch (next()) {
                case XMLStreamConstants.START_ELEMENT:
                    return true;
                case XMLStreamConstants.END_ELEMENT:
                    return false;
                case XMLStreamConstants.END_DOCUMENT:
                    throw malformed("the index ends before its elements are closed");
                case XMLStreamConstants.DTD:
                    throw malformed("a DTD is not allowed in an LTFS index");
                default:
                    // text between elements, comments, processing instructions
            }
        }
    }

    /** Skips the current element and its whole subtree, the cursor on its start tag. */
    void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw malformed("the index ends inside an element");
            }
        }
    }

    /** Reads to the end of the document, so that trailing garbage is noticed. */
    void toEnd() throws XMLStreamException {
        while (next() != XMLStreamConstants.END_DOCUMENT) {
            // nothing to keep after the root element
        }
    }

    /**
     * The parser's next event. The JDK's parser has been known to throw unchecked exceptions on some malformed input;
     * they are as much a sign of a malformed index as an {@link XMLStreamException}.
     */
    private int next() throws XMLStreamException {
        if (!xml.hasNext()) {
            return XMLStreamConstants.END_DOCUMENT;
        }
        try {
            return xml.next();
        } catch (XMLStreamException e) {
            throw new MalformedIndexException(source, problem(input, e) + where(), e);
        } catch (RuntimeException e) {
            throw new MalformedIndexException(source, problem(input, e) + where(), e);
        }
    }

    private String where() {
        try {
            Location location = xml.getLocation();
            return location == null ? "" : " (line " + location.getLineNumber() + ", column "
                    + location.getColumnNumber() + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** An error about the index at the cursor's line and column. */
    MalformedIndexException malformed(String problem) {
        return new MalformedIndexException(source, problem + where());
    }
}
