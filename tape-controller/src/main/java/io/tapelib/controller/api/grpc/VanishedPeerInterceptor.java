package io.tapelib.controller.api.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reports a client whose connection closed as a cancelled call. gRPC runs on the HTTP port
 * ({@code quarkus.grpc.server.use-separate-server=false}), where Vert.x's bridge to grpc-java turns an HTTP/2
 * RST_STREAM into {@link ServerCall.Listener#onCancel()} but not a connection that closes (a client killed, a
 * broken network): the call then never ends and a drive waits for it forever (vertx-grpc-server 4.5
 * {@code GrpcReadStreamBase.handleException} only fails the request's end future; eclipse-vertx/vert.x#5562,
 * quarkusio/quarkus#46986). This interceptor watches the HTTP/2 stream of each call: when the stream closes before
 * the server closed the call and before grpc-java reported the call's end, the listener gets {@code onCancel()}, so
 * {@code ServerCallStreamObserver.isCancelled()}, the on-cancel handlers and a client stream's {@code onError} behave
 * as grpc-java's own transport makes them.
 */
@ApplicationScoped
@GlobalInterceptor
public class VanishedPeerInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(VanishedPeerInterceptor.class);

    /** The key under which Quarkus keeps the HTTP request's routing context while it starts a gRPC call. */
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();

    private final AtomicBoolean warned = new AtomicBoolean();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Context context = Vertx.currentContext();
        RoutingContext http = context == null ? null : context.getLocal(ROUTING_CONTEXT);
        if (http == null) {
            // Quarkus keeps it there while it starts a call on the HTTP port (GrpcServerRecorder, Quarkus 3.33); without
            // it only STREAM_STALL_TIMEOUT ends the job of a client whose connection closed
            if (context != null && !warned.getAndSet(true)) {
                LOG.warnf("%s: the HTTP request of a gRPC call cannot be found; a client whose connection closes is"
                        + " noticed only after STREAM_STALL_TIMEOUT", call.getMethodDescriptor().getFullMethodName());
            }
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getBareMethodName();
        // ended: the server closed the call or grpc-java reported its end; cancelled: onCancel was delivered (once)
        AtomicBoolean ended = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        ServerCall<Q, R> watched = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                ended.set(true);
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener = next.startCall(watched, headers);
        // HTTP/2: called whenever the stream closes (Vert.x HttpServerResponse#closeHandler), on the call's context
        http.response().closeHandler(ignored -> {
            if (!ended.get() && cancelled.compareAndSet(false, true)) {
                LOG.infof("%s: the client's connection closed (%s) before the call ended; the call is cancelled",
                        method, http.request().remoteAddress());
                listener.onCancel();
            }
        });
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                ended.set(true);
                if (cancelled.compareAndSet(false, true)) {
                    super.onCancel();
                }
            }

            @Override
            public void onComplete() {
                ended.set(true);
                super.onComplete();
            }
        };
    }
}
