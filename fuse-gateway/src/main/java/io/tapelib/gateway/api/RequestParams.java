package io.tapelib.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Parsing and bounds of the gateway's request fields (docs/operator-api.md, "Rules for every endpoint"). Query and path
 * parameters arrive as strings and are parsed here, so that a malformed one is a 400 naming it
 * ({@link InvalidFieldException}) rather than JAX-RS's 404 for a failed conversion.
 */
public final class RequestParams {
    /** Longest path, bytes of UTF-8 (Linux PATH_MAX). */
    public static final int MAX_PATH_BYTES = 4096;
    /** Longest volume tag, characters (printable ASCII). */
    public static final int MAX_VOLUME_TAG = 32;
    /** Most paths in one request body. */
    public static final int MAX_PATHS = 100_000;

    private RequestParams() {
    }

    /**
     * An integer query parameter.
     *
     * @param value        as given; null or empty: {@code defaultValue}
     * @throws InvalidFieldException when it is not a decimal integer or outside [min, max]
     */
    public static int integer(String field, String value, int defaultValue, int min, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(field, field + " must be a whole number from " + min + " to " + max
                    + ", was " + InvalidFieldException.echo(value));
        }
        if (parsed < min || parsed > max) {
            throw new InvalidFieldException(field, field + " must be from " + min + " to " + max + ", was " + parsed);
        }
        return parsed;
    }

    /** A boolean query parameter: "true" or "false"; null or empty gives {@code defaultValue}. */
    public static boolean bool(String field, String value, boolean defaultValue) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new InvalidFieldException(field, field + " must be true or false, was " + InvalidFieldException.echo(value));
    }

    /**
     * An absolute path as at the mount, split into its names ("/" gives none; repeated slashes are one).
     *
     * @throws InvalidFieldException when it is null, not absolute, longer than {@link #MAX_PATH_BYTES} bytes, holds a
     *                               NUL, or a "." or ".." name
     */
    public static List<String> path(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, field + " is required: an absolute path as at the mount");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new InvalidFieldException(field, field + " is longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (!value.startsWith("/")) {
            throw new InvalidFieldException(field, field + " must be an absolute path (from the mount's root), was "
                    + InvalidFieldException.echo(value));
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidFieldException(field, field + " must not hold a NUL character");
        }
        List<String> names = new ArrayList<>();
        for (String name : value.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals(".") || name.equals("..")) {
                throw new InvalidFieldException(field, field + " must not hold \".\" or \"..\" names, was "
                        + InvalidFieldException.echo(value));
            }
            names.add(name);
        }
        return names;
    }

    /** A volume tag: 1 to 32 printable ASCII characters. @throws InvalidFieldException otherwise */
    public static String volumeTag(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_VOLUME_TAG
                || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidFieldException(field, field + " must be a volume tag of 1 to " + MAX_VOLUME_TAG
                    + " printable ASCII characters, was " + InvalidFieldException.echo(value));
        }
        return value;
    }

    /** The opaque cursor of a page: base64url (no padding) of the last path. */
    public static String cursor(String lastPath) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastPath.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The path a cursor names, split into names.
     *
     * @throws InvalidFieldException when it is not one of ours
     */
    public static List<String> cursorPath(String field, String cursor) {
        String path;
        try {
            path = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notOurs(field, cursor);
        }
        if (!path.startsWith("/") || path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw notOurs(field, cursor);
        }
        try {
            List<String> names = path(field, path);
            if (names.isEmpty()) {
                throw notOurs(field, cursor);
            }
            return names;
        } catch (InvalidFieldException e) {
            throw notOurs(field, cursor);
        }
    }

    /** @throws InvalidFieldException naming the field, for a cursor that is not from this listing */
    public static InvalidFieldException notOurs(String field, String cursor) {
        return new InvalidFieldException(field, field + " is not a cursor of this listing (pass nextCursor of the"
                + " previous page as it was), was " + InvalidFieldException.echo(cursor));
    }
}
