package io.tapelib.controller.api.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.tapelib.controller.api.OperatorToken;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Refuses every gRPC call without the operator's bearer token ({@code authorization: Bearer <token>} metadata) when
 * OPERATOR_TOKEN is set: the call is closed with UNAUTHENTICATED before it reaches the service. Unset: every call
 * passes.
 */
@ApplicationScoped
@GlobalInterceptor
public class OperatorTokenInterceptor implements ServerInterceptor {
    private static final Logger LOG = Logger.getLogger(OperatorTokenInterceptor.class);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of(OperatorToken.HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private final OperatorToken token;

    public OperatorTokenInterceptor(OperatorToken token) {
        this.token = token;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String presented = headers.get(AUTHORIZATION);
        if (token.accepts(presented)) {
            return next.startCall(call, headers);
        }
        LOG.warnf("gRPC call refused (UNAUTHENTICATED): %s %s", call.getMethodDescriptor().getBareMethodName(),
                presented == null ? "without a token" : "with a wrong token");
        call.close(Status.UNAUTHENTICATED.withDescription(presented == null
                ? "this call needs \"authorization: Bearer <token>\" metadata (OPERATOR_TOKEN is set)"
                : "the bearer token is wrong (OPERATOR_TOKEN)"), new Metadata());
        return new ServerCall.Listener<>() { };
    }
}
