package io.tapelib.gateway.api;

import io.tapelib.gateway.config.GatewayConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * OPERATOR_TOKEN at the gateway's REST API (docs/operator-api.md, "Token"): when set, every call under {@code /api}
 * needs {@code Authorization: Bearer <token>} (RFC 6750, section 2.1), else 401 with {@code WWW-Authenticate: Bearer}
 * and an {@link ApiError}. Health ({@code /q/health}), metrics and the console's static files ({@code /console/}) are
 * not REST resources and load without it (the console asks for the token). Runs before resource matching, so that an
 * unknown path under {@code /api} says 401 too. The comparison takes the same time whatever the presented token
 * (SHA-256 of both, {@link MessageDigest#isEqual}).
 */
public class OperatorTokenFilter {
    private static final Logger LOG = Logger.getLogger(OperatorTokenFilter.class);
    private static final String SCHEME = "bearer ";
    private static final String CHALLENGE = "Bearer realm=\"tapelib\"";

    private final byte[] expected;

    public OperatorTokenFilter(GatewayConfig config) {
        this.expected = config.operatorToken().map(String::strip).filter(t -> !t.isEmpty())
                .map(OperatorTokenFilter::digest).orElse(null);
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (expected == null || !(path.equals("/api") || path.startsWith("/api/"))) {
            return Optional.empty();
        }
        String presented = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (accepts(presented)) {
            return Optional.empty();
        }
        LOG.warnf("REST request refused (401): %s %s %s", request.getMethod(),
                path.length() > 64 ? path.substring(0, 64) + "..." : path,
                presented == null ? "without a token" : "with a wrong token");
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(presented == null
                        ? "this call needs \"Authorization: Bearer <token>\" (OPERATOR_TOKEN is set)"
                        : "the bearer token is wrong (OPERATOR_TOKEN)", null)).build());
    }

    private boolean accepts(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(authorization.substring(SCHEME.length()).strip()));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
