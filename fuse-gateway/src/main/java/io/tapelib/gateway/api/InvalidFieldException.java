package io.tapelib.gateway.api;

/**
 * A request field that is malformed or out of range: answered 400 with an {@link ApiError} naming the field, and one
 * log line (see {@link InvalidFieldMapper}).
 */
public final class InvalidFieldException extends RuntimeException {
    /** Most characters of a client's value a message repeats. */
    public static final int ECHO_LIMIT = 64;

    private final String field;

    /**
     * @param field   the field as the client wrote it ({@code "limit"}, {@code "paths[3]"})
     * @param message what is wrong and what is expected; quote values with {@link #echo(String)}
     */
    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** A client's value as a message may quote it: cut to {@link #ECHO_LIMIT} characters, control characters escaped. */
    public static String echo(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > ECHO_LIMIT ? value.substring(0, ECHO_LIMIT) + "..." : value;
        StringBuilder quoted = new StringBuilder(cut.length() + 2).append('"');
        cut.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }
}
