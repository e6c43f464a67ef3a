package io.tapelib.cli.http;

/**
 * One server-sent event (HTML Living Standard, "Server-sent events", §9.2.6 "Interpreting an event stream").
 *
 * @param name the "event:" field; "message" when the event had none
 * @param data the "data:" lines joined with line feeds
 */
public record ServerEvent(String name, String data) {
}
