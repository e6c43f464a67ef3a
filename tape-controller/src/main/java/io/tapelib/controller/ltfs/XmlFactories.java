package io.tapelib.controller.ltfs;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;

/** StAX factories with DTDs and external entities switched off (no XXE, no entity expansion). */
final class XmlFactories {

    private XmlFactories() {
    }

    static XMLInputFactory input() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        return factory;
    }

    static XMLOutputFactory output() {
        return XMLOutputFactory.newFactory();
    }
}
