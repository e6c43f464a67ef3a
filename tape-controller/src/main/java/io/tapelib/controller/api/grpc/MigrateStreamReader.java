package io.tapelib.controller.api.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.tapelib.controller.jobs.IncomingFile;
import io.tapelib.controller.jobs.MigrationSource;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexChange;
import io.tapelib.proto.v1.FileStart;
import io.tapelib.proto.v1.MigrateHeader;
import io.tapelib.proto.v1.VolumeChanges;
import io.tapelib.proto.v1.MigrateMessage;
import io.tapelib.proto.v1.MigrateResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The receiving side of a Migrate call: the client's messages become a {@link MigrationSource} that the drive's
 * thread reads. Automatic inbound flow control is off; the reader asks gRPC for {@value #REQUEST_BATCH} more messages
 * each time it has taken that many, so at most {@value #IN_FLIGHT} messages (each at most 4 MiB; the gateway sends
 * 64 KiB) wait in memory and a fast client is held back by HTTP/2 flow control. The drive thread never waits without
 * end: its wait ends, with a {@link CancellationException} naming the reason, when the call ends on the client's side,
 * the controller shuts down or no message came for the stall timeout ({@link HandOffDeadline}); shutdown also ends a
 * stream that still flows.
 */
final class MigrateStreamReader implements MigrationSource, StreamObserver<MigrateMessage> {

    /**
     * Messages requested ahead of the reader: 2 MiB of the gateway's 64 KiB messages, four 512 KiB blocks, so that the
     * gateway goes on sending while the drive's thread writes a block (with half a MiB, one block, the two took turns:
     * bash deploy/bench.sh pipeline, migrate 220 against 263 MB/s); at most 128 MiB of a client's largest messages
     * (4 MiB, quarkus.grpc.server.max-inbound-message-size).
     */
    static final int IN_FLIGHT = 32;
    /**
     * Messages asked for at once: each request is a task handed to the event loop (a wake-up of its thread), which
     * one request per message made a cost per 64 KiB (issue 12). Half the window, so that the other half still flows
     * while the request travels.
     */
    static final int REQUEST_BATCH = IN_FLIGHT / 2;

    private static final Object END = new Object();

    private final ServerCallStreamObserver<MigrateResult> call;
    private final Context context;
    // bounded by the requests made: never more than IN_FLIGHT messages plus one end marker
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final HandOffDeadline deadline;
    private FileData current;
    /** Messages taken since the last request (drive thread only). */
    private int takenSinceRequest;

    /**
     * Must be created inside the service method: it switches off automatic requests.
     *
     * @param stall        longest wait for the client's next message (STREAM_STALL_TIMEOUT)
     * @param shuttingDown whether the controller is shutting down
     */
    MigrateStreamReader(ServerCallStreamObserver<MigrateResult> call, Duration stall, BooleanSupplier shuttingDown) {
        this.call = call;
        this.context = Vertx.currentContext();
        this.deadline = new HandOffDeadline(stall, call::isCancelled, shuttingDown);
        call.disableAutoRequest();
        call.request(IN_FLIGHT);
    }

    @Override
    public void onNext(MigrateMessage message) {
        queue.add(message);
    }

    @Override
    public void onError(Throwable error) {
        queue.add(new Aborted(error));
    }

    @Override
    public void onCompleted() {
        queue.add(END);
    }

    /**
     * Waits for the batch's header.
     *
     * @return the preferred volume tag (empty to let the controller choose) and the pending changes per volume
     * @throws IllegalArgumentException the first message is not a header, or a pending change names no path
     */
    Header readHeader() {
        Object item = take();
        if (!(item instanceof MigrateMessage message) || !message.hasHeader()) {
            throw new IllegalArgumentException("a Migrate call starts with a MigrateHeader");
        }
        MigrateHeader header = message.getHeader();
        String tag = header.getVolumeTag().strip();
        Map<String, List<IndexChange>> pending = new HashMap<>();
        for (int i = 0; i < header.getPendingChangesCount(); i++) {
            VolumeChanges changes = header.getPendingChanges(i);
            pending.computeIfAbsent(changes.getVolumeTag().strip(), t -> new ArrayList<>())
                    .addAll(ChangeMapping.changes("pending_changes[" + i + "].changes", changes.getChangesList()));
        }
        Set<String> excluded = header.getExcludeVolumeTagsList().stream().map(String::strip).filter(t -> !t.isEmpty())
                .collect(Collectors.toSet());
        return new Header(tag.isEmpty() ? Optional.empty() : Optional.of(tag), pending, excluded);
    }

    /**
     * A Migrate call's header.
     *
     * @param volumeTag      the preferred volume, empty to let the controller choose
     * @param pendingChanges metadata changes per volume tag, in order
     * @param excluded       volume tags never to write to (being reclaimed), also when preferred
     */
    record Header(Optional<String> volumeTag, Map<String, List<IndexChange>> pendingChanges, Set<String> excluded) {
    }

    @Override
    public Optional<IncomingFile> nextFile() {
        if (current != null) {
            current.finish();
            current = null;
        }
        Object item = take();
        if (item == END) {
            return Optional.empty();
        }
        MigrateMessage message = (MigrateMessage) item;
        if (!message.hasFileStart()) {
            throw new IllegalArgumentException("expected a FileStart, got " + message.getPayloadCase());
        }
        FileStart start = message.getFileStart();
        FileMetadata metadata = ProtoMapping.metadata(start);
        // a negative length reaches the scheduler, which rejects that file alone (INVALID); its data is discarded
        long length = metadata.kind() == EntryKind.FILE ? start.getLength() : 0;
        current = new FileData(start.getPath(), length);
        return Optional.of(new IncomingFile(start.getFileId(), metadata, length, current,
                ChangeMapping.xattrs(start.getXattrsList()), start.getLinksList()));
    }

    private Object take() {
        Object item;
        long waitStarted = System.nanoTime();
        try {
            deadline.check("the next Migrate message", waitStarted);
            while ((item = queue.poll(HandOffDeadline.SLICE_MILLIS, TimeUnit.MILLISECONDS)) == null) {
                deadline.check("the next Migrate message", waitStarted);
            }
            deadline.progressed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the client");
        }
        if (item instanceof Aborted aborted) {
            queue.add(aborted);
            throw new CancellationException("the client went away (cancelled, deadline passed or connection closed): "
                    + aborted.error().getMessage());
        }
        if (item instanceof MigrateMessage && ++takenSinceRequest == REQUEST_BATCH) {
            takenSinceRequest = 0;
            requestMore();
        }
        return item;
    }

    private void requestMore() {
        if (context == null) {
            call.request(REQUEST_BATCH);
        } else {
            context.runOnContext(ignored -> call.request(REQUEST_BATCH));
        }
    }

    /** One file's bytes: exactly its announced length, then its FileEnd. */
    private final class FileData extends InputStream {
        private final String path;
        private final long length;
        private long delivered;
        private ByteString chunk = ByteString.EMPTY;
        private int chunkPosition;

        FileData(String path, long length) {
            this.path = path;
            this.length = length;
        }

        @Override
        public int read() throws InterruptedIOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (count == 0) {
                return 0;
            }
            if (delivered >= length) {
                return -1;
            }
            while (chunkPosition == chunk.size()) {
                Object item = take();
                if (item == END || !(item instanceof MigrateMessage message)) {
                    throw new IllegalArgumentException("the Migrate call ended inside " + path + " after " + delivered
                            + " of " + length + " bytes");
                }
                if (message.hasFileEnd()) {
                    throw new IllegalArgumentException(path + " ended after " + delivered + " of its announced "
                            + length + " bytes");
                }
                if (message.getPayloadCase() != MigrateMessage.PayloadCase.DATA) {
                    throw new IllegalArgumentException("expected data of " + path + ", got " + message.getPayloadCase());
                }
                chunk = message.getData();
                chunkPosition = 0;
                if (delivered + chunk.size() > length) {
                    throw new IllegalArgumentException(path + " carries more than its announced " + length + " bytes");
                }
            }
            int n = Math.min(count, chunk.size() - chunkPosition);
            chunk.copyTo(buffer, chunkPosition, offset, n);
            chunkPosition += n;
            delivered += n;
            return n;
        }

        /**
         * Reads and discards what the consumer left of the announced length (all of it for a rejected file), then
         * consumes the FileEnd. For a negative announced length any data up to the FileEnd is discarded.
         */
        void finish() {
            if (length < 0) {
                discardToFileEnd();
                return;
            }
            byte[] rest = new byte[64 * 1024];
            while (read(rest, 0, rest.length) >= 0) {
                // a directory or symlink has no data; a written file's data was read already
            }
            Object item = take();
            if (!(item instanceof MigrateMessage message) || !message.hasFileEnd()) {
                throw new IllegalArgumentException("expected the FileEnd of " + path);
            }
        }

        private void discardToFileEnd() {
            while (true) {
                Object item = take();
                if (!(item instanceof MigrateMessage message)) {
                    throw new IllegalArgumentException("the Migrate call ended inside " + path);
                }
                if (message.hasFileEnd()) {
                    return;
                }
                if (message.getPayloadCase() != MigrateMessage.PayloadCase.DATA) {
                    throw new IllegalArgumentException("expected data or the FileEnd of " + path + ", got "
                            + message.getPayloadCase());
                }
            }
        }
    }

    private record Aborted(Throwable error) {
    }
}
