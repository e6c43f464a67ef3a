package io.tapelib.controller.api.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A drive thread sending to a client that stops reading never waits without end. */
class OnReadySenderTest {

    private final Client client = new Client();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    @Test
    void aClientThatReadsNothingEndsTheWaitAfterTheStallTimeout() {
        OnReadySender<String> sender = new OnReadySender<>(client, 1, Duration.ofMillis(300), shuttingDown::get);
        sender.send("queued");
        long started = System.nanoTime();

        assertThatThrownBy(() -> sender.send("blocked")).isInstanceOf(CancellationException.class)
                .hasMessageContaining("no progress").hasMessageContaining("STREAM_STALL_TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
    }

    @Test
    void aCancelledCallEndsAWaitingSendAtOnce() throws Exception {
        OnReadySender<String> sender = new OnReadySender<>(client, 1, Duration.ofMinutes(10), shuttingDown::get);
        sender.send("queued");
        AtomicReference<Thread> sending = new AtomicReference<>();
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            sending.set(Thread.currentThread());
            sender.send("blocked");
        });
        await("the send waits for room").atMost(Duration.ofSeconds(5))
                .until(() -> sending.get() != null && sending.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(blocked).isNotDone();

        client.onCancel.run();

        assertThatThrownBy(() -> blocked.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class)
                .hasMessageContaining("the client went away");
        assertThat(sender.cancelled()).isTrue();
    }

    @Test
    void shutdownEndsAWaitingSend() throws Exception {
        OnReadySender<String> sender = new OnReadySender<>(client, 1, Duration.ofMinutes(10), shuttingDown::get);
        sender.send("queued");
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> sender.send("blocked"));

        shuttingDown.set(true);

        assertThatThrownBy(() -> blocked.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class)
                .hasMessageContaining("shutting down");
    }

    @Test
    void aFailureReachesAClientThatStoppedReadingWithoutBlocking() {
        OnReadySender<String> sender = new OnReadySender<>(client, 1, Duration.ofMinutes(10), shuttingDown::get);
        sender.send("queued");

        sender.fail(new IllegalStateException("tape read error"));

        assertThat(client.errors).singleElement().satisfies(e -> assertThat(e).hasMessage("tape read error"));
        assertThat(client.sent).isEmpty();
    }

    @Test
    void aReadingClientGetsEveryMessageThenTheEnd() {
        client.ready = true;
        OnReadySender<String> sender = new OnReadySender<>(client, 1, Duration.ofMillis(300), shuttingDown::get);

        for (int i = 0; i < 5; i++) {
            sender.send("m" + i);
        }
        sender.complete();

        assertThat(client.sent).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(client.completed).isTrue();
    }

    /** The call's side as the sender sees it; without a Vert.x context the sender drains on the caller's thread. */
    private static final class Client extends ServerCallStreamObserver<String> {
        volatile boolean ready;
        volatile Runnable onCancel = () -> { };
        final List<String> sent = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        volatile boolean completed;

        @Override public boolean isReady() { return ready; }
        @Override public void setOnReadyHandler(Runnable handler) { }
        @Override public void setOnCancelHandler(Runnable handler) { onCancel = handler; }
        @Override public boolean isCancelled() { return false; }
        @Override public void setCompression(String compression) { }
        @Override public void disableAutoInboundFlowControl() { }
        @Override public void request(int count) { }
        @Override public void setMessageCompression(boolean enable) { }
        @Override public void onNext(String value) { sent.add(value); }
        @Override public void onError(Throwable t) { errors.add(t); }
        @Override public void onCompleted() { completed = true; }
    }
}
