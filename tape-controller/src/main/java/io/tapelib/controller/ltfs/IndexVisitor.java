package io.tapelib.controller.ltfs;

/** Receives an index as {@link IndexXmlReader} streams it, without the whole tree in memory. */
public interface IndexVisitor {

    /** Called once, before any entry, with the index's preface and the volume name. */
    void header(IndexHeader header);

    /** Called for every entry: the root first (path {@code ""}), then parents before their children. */
    void entry(IndexEntry entry);
}
