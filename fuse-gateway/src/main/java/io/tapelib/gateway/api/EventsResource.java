package io.tapelib.gateway.api;

import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.LibraryOperations;
import io.tapelib.gateway.events.EventFeed;
import io.tapelib.gateway.events.OperatorEvents;
import io.tapelib.gateway.events.StreamEvent;
import io.tapelib.gateway.events.TooManyStreamsException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code GET /api/v1/events}: the operator's server-sent events (docs/operator-api.md, "Events"). {@code event:
 * library} with the controller's library at connect and after every element change, {@code event: job} at every
 * change of a controller job, {@code event: gateway-job} at every change of a gateway job, {@code event: status}
 * every 5 s (and at connect), a {@code : keep-alive} comment every 15 s. Every client is fed from the gateway's one
 * watch of the controller ({@link OperatorEvents}) through a bounded queue of its own; a client that went away is
 * forgotten within a second. 503 when {@link OperatorEvents#MAX_FEEDS} streams are open.
 */
@Path("/api/v1/events")
public class EventsResource {
    private static final Logger LOG = Logger.getLogger(EventsResource.class);

    private final OperatorEvents events;
    private final LibraryOperations controller;

    public EventsResource(OperatorEvents events, LibraryOperations controller) {
        this.events = events;
        this.controller = controller;
    }

    /** Opens the stream; runs on a worker thread (GetLibrary waits for the controller, at most its call deadline). */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        EventFeed feed = events.open(new SseSender(sink, sse));
        try {
            events.initialLibrary(feed, controller.changer());
        } catch (ControllerUnavailableException e) {
            // the library follows at the next element change, or when the client connects again
            LOG.infof("An event stream opened without the library: %s", e.getMessage());
        }
    }

    /** More streams than the gateway keeps open. */
    @ServerExceptionMapper
    public Response tooMany(TooManyStreamsException e) {
        LOG.warn(e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(e.getMessage(), null)).build();
    }

    /** A feed's connection: named events with their JSON as data, keep-alives as comment lines. */
    private record SseSender(SseEventSink sink, Sse sse) implements EventFeed.Sender {
        @Override
        public CompletionStage<?> send(StreamEvent event) {
            if (event.type() == StreamEvent.Type.KEEP_ALIVE) {
                return sink.send(sse.newEventBuilder().comment("keep-alive").build());
            }
            // no media type: the JSON is already written, sent as the text it is (a JSON writer would quote it, and a
            // media type set on the event adds a content-type line to every event)
            return sink.send(sse.newEventBuilder().name(event.type().eventName()).data(String.class, event.json())
                    .build());
        }

        @Override
        public boolean closed() {
            return sink.isClosed();
        }

        @Override
        public void close() {
            sink.close();
        }
    }
}
