package io.tapelib.controller.api.rest;

/**
 * Optional body of {@code POST /api/v1/drives/{drive}/unload}.
 *
 * @param slot the storage element to put the cartridge in; null or 0 for the slot it came from
 */
public record UnloadBody(Integer slot) {
}
