package io.tapelib.controller.ltfs;

/**
 * A change the index could not take; the others of its list were applied.
 *
 * @param index  its position in the list, from 0
 * @param detail why, naming the path
 */
public record SkippedChange(int index, String detail) {
}
