package io.tapelib.controller.api.rest;

/**
 * Body of {@code POST /api/v1/drives/{drive}/load}: exactly one of a volume tag or a storage slot.
 *
 * @param volumeTag the cartridge's barcode
 * @param slot      a storage element number, 1-based
 */
public record LoadBody(String volumeTag, Integer slot) {
}
