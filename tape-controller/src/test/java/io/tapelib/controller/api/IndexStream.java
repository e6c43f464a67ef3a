package io.tapelib.controller.api;

import io.tapelib.proto.v1.IndexEntry;
import io.tapelib.proto.v1.IndexMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The entries of a ReadIndex stream in the order sent, whether one per message or several (IndexEntries). */
final class IndexStream {
    private IndexStream() {
    }

    static List<IndexEntry> entries(Iterator<IndexMessage> stream) {
        List<IndexEntry> entries = new ArrayList<>();
        stream.forEachRemaining(m -> entries.addAll(entries(m)));
        return entries;
    }

    static List<IndexEntry> entries(IndexMessage message) {
        if (message.hasEntry()) {
            return List.of(message.getEntry());
        }
        return message.hasEntries() ? message.getEntries().getEntriesList() : List.of();
    }
}
