package io.tapelib.gateway.api;

/**
 * JSON body of every gateway REST error (issue 14): {@code {"error": "...", "field": "..."}}. {@code field} names the
 * request field (query parameter, path parameter or JSON property, e.g. {@code "limit"}, {@code "paths[3]"}) that was
 * malformed or out of range, null when the error is not about one field. Messages never echo a client's value
 * unbounded (at most {@link InvalidFieldException#ECHO_LIMIT} characters of it).
 */
public record ApiError(String error, String field) {
}
