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

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Context context = Vertx.currentContext();
        RoutingContext http = context == null ? null : context.getLocal(ROUTING_CONTEXT);
        if (http == null) {
            // not on the HTTP port (a separate gRPC server or an in-process one): that transport reports closes itself
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getBareMethodName();
        AtomicBoolean ended = new AtomicBoolean();
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
            if (ended.compareAndSet(false, true)) {
                LOG.infof("%s: the client's connection closed (%s) before the call ended; the call is cancelled",
                        method, http.request().remoteAddress());
                listener.onCancel();
            }
        });
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                ended.set(true);
                super.onCancel();
            }

            @Override
            public void onComplete() {
                ended.set(true);
                super.onComplete();
            }
        };
    }
}
