package io.tapelib.cli.follow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.cli.http.ApiClient;
import io.tapelib.cli.http.ApiException;
import io.tapelib.cli.http.EventStreamReader;
import io.tapelib.cli.http.ServerEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Follows the jobs of both processes: the gateway's event stream ({@code GET /api/v1/events}, "job" and
 * "gateway-job" events; docs/operator-api.md "Events") when the gateway has it, else both job lists polled once a
 * second. Every change of a selected job goes to a {@link ProgressView}.
 */
public final class JobFollower {
    /** The gateway sends a keep-alive comment every 15 s: three missed ones mean the stream is dead. */
    static final Duration STREAM_IDLE_LIMIT = Duration.ofSeconds(45);

    private final ApiClient gateway;
    private final ApiClient controller;
    private final ObjectMapper json;
    private final Duration pollInterval;
    private final Map<String, JobProgress> seen = new HashMap<>();

    /**
     * @param gateway      the gateway's API
     * @param controller   the controller's API
     * @param json         the shared mapper
     * @param pollInterval time between two polls when the gateway has no event stream
     */
    public JobFollower(ApiClient gateway, ApiClient controller, ObjectMapper json, Duration pollInterval) {
        this.gateway = gateway;
        this.controller = controller;
        this.json = json;
        this.pollInterval = pollInterval;
    }

    /**
     * Shows the selected jobs that are queued or running now, then every change, until every job of {@code until} has
     * ended (forever when it is empty: the user ends it with Ctrl-C).
     *
     * @param selected which jobs to show
     * @param until    keys ("gateway:ID", "controller:ID") of the jobs to wait for; empty to follow forever
     * @param view     where the lines go
     * @throws io.tapelib.cli.http.UnreachableException when a process stops answering
     * @throws ApiException                             when a process refuses (401 without the token)
     */
    public void follow(Predicate<JobProgress> selected, Set<String> until, ProgressView view)
            throws InterruptedException {
        follow(selected, () -> done(until), view);
    }

    /**
     * As {@link #follow(Predicate, Set, ProgressView)}, until {@code finished} answers true; it is asked after the first
     * snapshot and after every change or event (the gateway sends a status event every 5 s).
     */
    public void follow(Predicate<JobProgress> selected, java.util.function.BooleanSupplier finished, ProgressView view)
            throws InterruptedException {
        try {
            for (JobProgress job : snapshot()) {
                seen.put(job.key(), job);
                if (selected.test(job) && !job.ended()) {
                    view.update(job);
                }
            }
            if (finished.getAsBoolean()) {
                return;
            }
            boolean streamed;
            try {
                streamed = followEvents(selected, finished, view);
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                streamed = false;
            }
            if (!streamed) {
                poll(selected, finished, view);
            }
        } finally {
            view.close();
        }
    }

    /** The jobs seen so far, by key ("gateway:ID", "controller:ID"). */
    public Map<String, JobProgress> seen() {
        return java.util.Collections.unmodifiableMap(seen);
    }

    private boolean done(Set<String> until) {
        return !until.isEmpty() && until.stream().allMatch(k -> seen.containsKey(k) && seen.get(k).ended());
    }

    /** Both processes' jobs now; the gateway's list is left out when the gateway has no {@code /jobs}. */
    List<JobProgress> snapshot() {
        List<JobProgress> jobs = new ArrayList<>();
        try {
            for (JsonNode job : gateway.get("jobs", Map.of("limit", "100")).path("jobs")) {
                jobs.add(JobProgress.ofGateway(job));
            }
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        for (JsonNode job : controller.get("jobs", Map.of("limit", "100"))) {
            jobs.add(JobProgress.ofController(job));
        }
        return jobs;
    }

    private void poll(Predicate<JobProgress> selected, java.util.function.BooleanSupplier finished, ProgressView view)
            throws InterruptedException {
        while (!finished.getAsBoolean()) {
            Thread.sleep(pollInterval.toMillis());
            for (JobProgress job : snapshot()) {
                changed(job, selected, view);
            }
        }
    }

    private void changed(JobProgress job, Predicate<JobProgress> selected, ProgressView view) {
        JobProgress before = seen.put(job.key(), job);
        if (!job.equals(before) && selected.test(job)) {
            view.update(job);
        }
    }

    /** @return false when the gateway has no event stream (404) */
    private boolean followEvents(Predicate<JobProgress> selected, java.util.function.BooleanSupplier finished,
                                 ProgressView view) {
        InputStream body = gateway.stream("events");
        AtomicLong lastLine = new AtomicLong(System.nanoTime());
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "event-stream-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        // A read blocks without a deadline: closing the body from the watchdog ends it with an IOException.
        watchdog.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastLine.get() > STREAM_IDLE_LIMIT.toNanos()) {
                try {
                    body.close();
                } catch (IOException e) {
                    // closing is all that matters
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
        try (EventStreamReader events = new EventStreamReader(body)) {
            while (!finished.getAsBoolean()) {
                Optional<ServerEvent> event = events.next(() -> lastLine.set(System.nanoTime()));
                if (event.isEmpty()) {
                    throw new io.tapelib.cli.http.UnreachableException("the gateway closed its event stream", null);
                }
                JobProgress job = switch (event.get().name()) {
                    case "job" -> JobProgress.ofController(json.readTree(event.get().data()));
                    case "gateway-job" -> JobProgress.ofGateway(json.readTree(event.get().data()));
                    default -> null;
                };
                if (job != null) {
                    changed(job, selected, view);
                }
            }
            return true;
        } catch (IOException e) {
            if (System.nanoTime() - lastLine.get() > STREAM_IDLE_LIMIT.toNanos()) {
                throw new io.tapelib.cli.http.UnreachableException("the gateway's event stream sent nothing for "
                        + STREAM_IDLE_LIMIT.toSeconds() + " s", e);
            }
            throw new UncheckedIOException("reading the gateway's event stream failed: " + e.getMessage(), e);
        } finally {
            watchdog.shutdownNow();
        }
    }
}
