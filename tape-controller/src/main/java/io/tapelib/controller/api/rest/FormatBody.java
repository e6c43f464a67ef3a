package io.tapelib.controller.api.rest;

/**
 * Optional body of {@code POST /api/v1/tapes/{barcode}/format} (the query parameters of the same names may be used
 * instead).
 *
 * @param erase        required ({@code true}) to format a cartridge that holds data
 * @param expectedUuid when given, the LTFS volume UUID the cartridge must hold
 */
public record FormatBody(Boolean erase, String expectedUuid) {
}
