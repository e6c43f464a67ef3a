package io.tapelib.controller.api.rest;

/** JSON body of every REST error: {@code {"error": "..."}}. */
public record ErrorBody(String error) {
}
