package io.tapelib.gateway.events;

/**
 * One message of the operator's event stream ({@code GET /api/v1/events}, docs/operator-api.md): an event name and
 * its JSON, serialized once for every client.
 *
 * @param type what it carries
 * @param json the JSON text (one line); empty for {@link Type#KEEP_ALIVE}
 */
public record StreamEvent(Type type, String json) {

    /** The kinds of message, with their SSE event name and whether only the newest one waiting matters. */
    public enum Type {
        /** The controller's library view; a newer one replaces one still waiting. */
        LIBRARY("library", true),
        /** A controller job changed; kept in order, the oldest dropped for a slow client. */
        JOB("job", false),
        /** A gateway job changed; kept in order, the oldest dropped for a slow client. */
        GATEWAY_JOB("gateway-job", false),
        /** The gateway's status; a newer one replaces one still waiting. */
        STATUS("status", true),
        /** A comment line that keeps proxies and the client from timing the stream out. */
        KEEP_ALIVE(null, true);

        private final String eventName;
        private final boolean latestOnly;

        Type(String eventName, boolean latestOnly) {
            this.eventName = eventName;
            this.latestOnly = latestOnly;
        }

        /** The SSE {@code event:} name; null for a comment. */
        public String eventName() {
            return eventName;
        }

        /** Whether a newer message of this type replaces one still waiting to be sent. */
        public boolean latestOnly() {
            return latestOnly;
        }
    }
}
