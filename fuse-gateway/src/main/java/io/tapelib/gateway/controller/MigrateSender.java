package io.tapelib.gateway.controller;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.tapelib.proto.v1.FileEnd;
import io.tapelib.proto.v1.MigrateHeader;
import io.tapelib.proto.v1.MigrateMessage;
import io.tapelib.proto.v1.MigrateResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
/**
 * Sends a Migrate stream from the onReady handler: header, then for each file FileStart, data
 * chunks read from the cache object, FileEnd; stops whenever the transport is not ready and goes on
 * when grpc-java calls the handler again.
 */
final class MigrateSender implements ClientResponseObserver<MigrateMessage, MigrateResult> {
    private final MigrateHeader header;
    private final List<MigrationSource> files;
    private final CompletableFuture<MigrateResult> result;
    private final LongConsumer sentBytes;
    private long sent;
    private ClientCallStreamObserver<MigrateMessage> requests;
    private boolean headerSent;
    private int fileIndex;
    private InputStream current;
    /** Set from any thread to stop sending; volatile because the send loop reads it without the lock. */
    private volatile boolean finished;

    MigrateSender(MigrateHeader header, List<MigrationSource> files, CompletableFuture<MigrateResult> result,
                  LongConsumer sentBytes) {
        this.sentBytes = sentBytes;
        this.header = header;
        this.files = files;
        this.result = result;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<MigrateMessage> requestStream) {
        this.requests = requestStream;
        requestStream.setOnReadyHandler(this::sendWhileReady);
    }

    private synchronized void sendWhileReady() {
        try {
            while (!finished && requests.isReady()) {
                if (!headerSent) {
                    requests.onNext(MigrateMessage.newBuilder().setHeader(header).build());
                    headerSent = true;
                } else if (fileIndex >= files.size()) {
                    finished = true;
                    requests.onCompleted();
                } else if (current == null) {
                    MigrationSource file = files.get(fileIndex);
                    requests.onNext(MigrateMessage.newBuilder().setFileStart(ProtoMapping.fileStart(file)).build());
                    current = file.data() == null ? InputStream.nullInputStream() : Files.newInputStream(file.data());
                } else {
                    // a fresh array each time, wrapped without a copy: the message may outlive this call (grpc-java
                    // keeps unsent messages for a transparent retry), so the array is never written again
                    byte[] chunk = new byte[ControllerClient.CHUNK_BYTES];
                    int n = current.readNBytes(chunk, 0, chunk.length);
                    if (n > 0) {
                        requests.onNext(MigrateMessage.newBuilder()
                                .setData(UnsafeByteOperations.unsafeWrap(chunk, 0, n)).build());
                        sent += n;
                        sentBytes.accept(sent);
                    } else {
                        current.close();
                        current = null;
                        requests.onNext(MigrateMessage.newBuilder().setFileEnd(
                                FileEnd.newBuilder().setFileId(files.get(fileIndex).fileId())).build());
                        fileIndex++;
                    }
                }
            }
        } catch (IOException e) {
            finished = true;
            requests.onError(Status.CANCELLED.withDescription("reading the cache failed: " + e).asRuntimeException());
            result.completeExceptionally(
                    new ControllerUnavailableException("CANCELLED", "reading the cache failed: " + e, e));
        }
    }

    /** Stops sending and cancels the call (no-op once it has ended); safe from any thread. */
    void cancel(String why, Throwable cause) {
        finished = true;
        synchronized (this) {
            closeQuietly();
            if (requests != null) {
                requests.cancel(why, cause);
            }
        }
    }

    @Override
    public void onNext(MigrateResult value) {
        result.complete(value);
    }

    @Override
    public void onError(Throwable t) {
        synchronized (this) {
            finished = true;
            closeQuietly();
        }
        result.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        if (!result.isDone()) {
            result.completeExceptionally(new ControllerUnavailableException("INTERNAL",
                    "the controller closed the Migrate call without a result", null));
        }
    }

    private void closeQuietly() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // the call failed already; nothing more to report
            }
            current = null;
        }
    }
}
