package io.tapelib.gateway.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapelib.gateway.controller.ChangerView;
import io.tapelib.gateway.controller.ControllerEvent;
import io.tapelib.gateway.jobs.GatewayJob;
import io.tapelib.gateway.jobs.GatewayJobs;
import io.tapelib.gateway.status.GatewayStatusReport;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The hub of the operator's event stream ({@code GET /api/v1/events}, docs/operator-api.md): fed by the gateway's one
 * watch of the controller's events (the {@code VolumeWatcher}'s WatchEvents call: job and library changes) and by the
 * gateway's own jobs ({@link GatewayJobs}), it serializes each change once and offers it to every open
 * {@link EventFeed}. One thread of its own sends the status every {@link #STATUS_PERIOD}, a keep-alive comment every
 * {@link #KEEP_ALIVE_PERIOD}, and closes the feeds of clients that went away within {@link #REAP_PERIOD}. Nothing
 * it does blocks the publishing thread: feeds queue, bounded.
 */
@Singleton
public class OperatorEvents implements Consumer<ControllerEvent> {
    private static final Logger LOG = Logger.getLogger(OperatorEvents.class);
    static final Duration STATUS_PERIOD = Duration.ofSeconds(5);
    static final Duration KEEP_ALIVE_PERIOD = Duration.ofSeconds(15);
    static final Duration REAP_PERIOD = Duration.ofSeconds(1);
    /** Job changes a feed keeps waiting for a slow client before it drops the oldest. */
    static final int FEED_CAPACITY = 256;
    /** Streams open at once; a further client is refused (each holds a connection and a queue). */
    public static final int MAX_FEEDS = 64;
    /** The gauge of open streams (Prometheus: tapelib_events_streams). */
    public static final String STREAMS_GAUGE = "tapelib.events.streams";

    private final GatewayStatusReport status;
    private final ObjectMapper json;
    private final Set<EventFeed> feeds = ConcurrentHashMap.newKeySet();
    private final AutoCloseable gatewayJobs;
    private final ScheduledExecutorService ticker;

    public OperatorEvents(GatewayJobs jobs, GatewayStatusReport status, ObjectMapper json, MeterRegistry registry) {
        this.status = status;
        this.json = json;
        this.gatewayJobs = jobs.listen(this::gatewayJob);
        Gauge.builder(STREAMS_GAUGE, feeds, Set::size).description("Operator event streams open (GET /api/v1/events)")
                .register(registry);
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "operator-events");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(guarded(this::sendStatus), STATUS_PERIOD.toMillis(), STATUS_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(guarded(() -> publish(new StreamEvent(StreamEvent.Type.KEEP_ALIVE, ""))),
                KEEP_ALIVE_PERIOD.toMillis(), KEEP_ALIVE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(guarded(() -> feeds.removeIf(EventFeed::closedOrGone)), REAP_PERIOD.toMillis(),
                REAP_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a feed for a new client and offers it the gateway's status at once.
     *
     * @throws TooManyStreamsException when {@link #MAX_FEEDS} streams are open
     */
    public EventFeed open(EventFeed.Sender sender) {
        feeds.removeIf(EventFeed::closedOrGone);
        if (feeds.size() >= MAX_FEEDS) {
            throw new TooManyStreamsException(MAX_FEEDS);
        }
        EventFeed[] self = new EventFeed[1];
        EventFeed feed = new EventFeed(sender, FEED_CAPACITY, () -> feeds.remove(self[0]));
        self[0] = feed;
        feeds.add(feed);
        guarded(() -> serialize(StreamEvent.Type.STATUS, status.current()).ifPresent(feed::offer)).run();
        return feed;
    }

    /** The library as a client gets it when it connects (see {@link EventFeed#offerInitialLibrary}). */
    public void initialLibrary(EventFeed feed, ChangerView library) {
        serialize(StreamEvent.Type.LIBRARY, library).ifPresent(feed::offerInitialLibrary);
    }

    /** Streams open now. */
    public int openFeeds() {
        return feeds.size();
    }

    /** A controller job or library change, from the controller's event stream; never blocks. */
    @Override
    public void accept(ControllerEvent event) {
        if (feeds.isEmpty()) {
            return;
        }
        if (event instanceof ControllerEvent.JobChanged changed) {
            serialize(StreamEvent.Type.JOB, changed.job()).ifPresent(this::publish);
        } else if (event instanceof ControllerEvent.LibraryChanged changed) {
            serialize(StreamEvent.Type.LIBRARY, changed.library()).ifPresent(this::publish);
        }
    }

    private void gatewayJob(GatewayJob job) {
        if (!feeds.isEmpty()) {
            serialize(StreamEvent.Type.GATEWAY_JOB, job).ifPresent(this::publish);
        }
    }

    private void sendStatus() {
        if (!feeds.isEmpty()) {
            serialize(StreamEvent.Type.STATUS, status.current()).ifPresent(this::publish);
        }
    }

    private void publish(StreamEvent event) {
        for (EventFeed feed : feeds) {
            feed.offer(event);
        }
    }

    private java.util.Optional<StreamEvent> serialize(StreamEvent.Type type, Object value) {
        try {
            return java.util.Optional.of(new StreamEvent(type, json.writeValueAsString(value)));
        } catch (JsonProcessingException e) {
            LOG.errorf(e, "The %s event could not be written as JSON", type.eventName());
            return java.util.Optional.empty();
        }
    }

    /** A periodic task that logs a failure instead of ending its schedule (a status read may meet a busy catalog). */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf("The event stream's periodic task failed: %s", e.toString());
            }
        };
    }

    /** Stops the ticker and ends every stream. */
    @PreDestroy
    void close() {
        ticker.shutdownNow();
        try {
            gatewayJobs.close();
        } catch (Exception ignored) {
            // removing a listener does not fail
        }
        feeds.forEach(EventFeed::close);
    }
}
