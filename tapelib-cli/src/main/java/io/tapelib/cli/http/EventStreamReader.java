package io.tapelib.cli.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads server-sent events from a text/event-stream body, as the HTML Living Standard's "Interpreting an event stream"
 * (§9.2.6) defines them: "field: value" lines, an event dispatched at a blank line, lines starting with a colon are
 * comments (the gateway's keep-alive), "id" and "retry" are not used by the CLI.
 */
public final class EventStreamReader implements AutoCloseable {
    private final BufferedReader lines;

    /** @param body the stream, UTF-8 as the standard requires; closed by {@link #close()} */
    public EventStreamReader(InputStream body) {
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /**
     * The next event, waiting for it; comments only show that the stream lives ({@code onLine} sees every line).
     *
     * @param onLine called at every line read, comments included (a watchdog's heartbeat)
     * @return empty at the end of the stream
     * @throws IOException when reading fails (or the stream was closed by a watchdog)
     */
    public Optional<ServerEvent> next(Runnable onLine) throws IOException {
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            onLine.run();
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new ServerEvent(name == null ? "message" : name, data.toString()));
                }
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
