package io.tapelib.controller.api.grpc;

import io.tapelib.proto.v1.IndexEntries;
import io.tapelib.proto.v1.IndexEntry;
import io.tapelib.proto.v1.IndexMessage;
import java.util.function.Consumer;

/**
 * Groups a ReadIndex stream's entries into {@link IndexEntries} messages of at most {@value #MAX_ENTRIES} entries and
 * about {@value #MAX_BYTES} bytes: one message per entry cost more than the entries (a gRPC message, a flow-control
 * hand-off and an event-loop task on each side, a million times for a million-file cartridge). The byte bound keeps
 * every message far below gRPC's default 4 MiB inbound limit whatever the entries' names and attributes. Used by one
 * thread (the job's).
 */
final class IndexBatches {
    /** Entries per message at most. */
    static final int MAX_ENTRIES = 512;
    /** Serialized bytes per message, about (a message is sent once it reaches this). */
    static final int MAX_BYTES = 256 * 1024;

    private final Consumer<IndexMessage> send;
    private IndexEntries.Builder batch = IndexEntries.newBuilder();
    private int bytes;

    /** @param send sends one message (may block: flow control) */
    IndexBatches(Consumer<IndexMessage> send) {
        this.send = send;
    }

    /** Adds an entry, sending the batch when it is full. */
    void add(IndexEntry entry) {
        batch.addEntries(entry);
        bytes += entry.getSerializedSize();
        if (batch.getEntriesCount() >= MAX_ENTRIES || bytes >= MAX_BYTES) {
            flush();
        }
    }

    /** Sends the entries held, if any. */
    void flush() {
        if (batch.getEntriesCount() == 0) {
            return;
        }
        send.accept(IndexMessage.newBuilder().setEntries(batch).build());
        batch = IndexEntries.newBuilder();
        bytes = 0;
    }
}
