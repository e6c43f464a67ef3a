package io.tapelib.controller.ltfs;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;

/**
 * StAX factories of the JDK's own implementation (whatever else is on the class path), with DTDs and external
 * entities switched off: no XXE, no entity expansion ("billion laughs"); an entity reference other than the five
 * predefined ones is a parse error.
 */
final class XmlFactories {

    /** JAXP limit on element nesting of the JDK's StAX parser ({@code jdk.xml.maxElementDepth}). */
    private static final String MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";

    private XmlFactories() {
    }

    static XMLInputFactory input() {
        return input(IndexLimits.DEFAULT);
    }

    /** Text comes in chunks (not coalesced), so that the reader can stop a long text before it is all in memory. */
    static XMLInputFactory input(IndexLimits limits) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(MAX_ELEMENT_DEPTH, limits.maxElementDepth());
        return factory;
    }

    static XMLOutputFactory output() {
        return XMLOutputFactory.newDefaultFactory();
    }
}
