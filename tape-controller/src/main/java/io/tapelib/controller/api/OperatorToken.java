package io.tapelib.controller.api;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * OPERATOR_TOKEN ({@code tapelib.operator-token}, DESIGN.md section 8, issue 14): when set, every REST call under
 * {@code /api} and every gRPC call carries {@code Authorization: Bearer <token>} (RFC 6750, section 2.1); unset, nothing
 * is asked. The comparison takes the same time whatever the presented token (SHA-256 of both, compared with
 * {@link MessageDigest#isEqual}), so that timing tells an attacker nothing of the token or its length.
 */
@Singleton
public class OperatorToken {
    /** The HTTP and gRPC metadata header that carries the token. */
    public static final String HEADER = "authorization";
    /** What a refused REST call's {@code WWW-Authenticate} header says (RFC 6750, section 3). */
    public static final String CHALLENGE = "Bearer realm=\"tapelib\"";
    private static final String SCHEME = "bearer ";

    private final byte[] expected;

    /** @param token the configured token; empty or blank for none */
    public OperatorToken(@ConfigProperty(name = "tapelib.operator-token") Optional<String> token) {
        this.expected = token.map(String::strip).filter(t -> !t.isEmpty()).map(OperatorToken::digest).orElse(null);
    }

    /** Whether calls need the token. */
    public boolean required() {
        return expected != null;
    }

    /**
     * Whether a call with this {@code Authorization} value may proceed: always when no token is set; else only with
     * {@code Bearer <the token>} (the scheme in any case).
     *
     * @param authorization the header's value, null when absent
     */
    public boolean accepts(String authorization) {
        if (expected == null) {
            return true;
        }
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
