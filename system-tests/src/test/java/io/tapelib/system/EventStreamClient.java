package io.tapelib.system;

import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of the gateway's server-sent events ({@code GET /api/v1/events}) as the console reads it: one HTTP request
 * whose body it parses into events (WHATWG HTML, "Server-sent events": {@code event:} and {@code data:} lines, a blank
 * line ends an event, lines starting with a colon are comments) on a thread of its own. Closing it closes the
 * connection, as a browser tab that goes away does.
 */
final class EventStreamClient implements AutoCloseable {

    /** One event: its name and its data, parsed as JSON. */
    record Event(String name, String data) {
        JsonPath json() {
            return JsonPath.from(data);
        }
    }

    private final int status;
    private final InputStream body;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final Thread reader;
    private volatile int comments;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        this.reader = new Thread(this::read, "event-stream-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream with the given request headers; waits at most 10 s for the response's head. */
    static EventStreamClient open(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return new EventStreamClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return status;
    }

    /** Comment lines (keep-alives) read so far. */
    int comments() {
        return comments;
    }

    /**
     * The first event, from those not yet taken, that matches; the ones before it that do not match are kept for
     * {@link #seen()}.
     *
     * @throws AssertionError when none arrives within {@code atMost}
     */
    Event await(String what, Predicate<Event> matches, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event next = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no event " + what + " within " + atMost + "; saw " + seen);
            }
            seen.add(next);
            if (matches.test(next)) {
                return next;
            }
        }
    }

    /** The events taken so far by {@link #await}. */
    List<Event> seen() {
        return List.copyOf(seen);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data = null;
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring("data:".length());
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            // closed by close(), or the server ended the stream
        }
    }

    @Override
    public void close() throws Exception {
        body.close();
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }
}
