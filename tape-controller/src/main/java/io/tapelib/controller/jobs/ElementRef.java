package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.ElementType;

/**
 * An element named by a caller: its type and its number as {@code mtx status} prints it (storage elements from 1,
 * import/export elements after the storage elements).
 *
 * @param type   the element type; null when the caller named none
 * @param number the ordinal
 */
public record ElementRef(ElementType type, int number) {

    /** In words, e.g. {@code storage element 3}, {@code import/export element 49}. */
    public String describe() {
        return switch (type) {
            case STORAGE -> "storage element " + number;
            case IMPORT_EXPORT -> "import/export element " + number;
            case DATA_TRANSFER -> "data transfer element " + number;
            case MEDIUM_TRANSPORT -> "medium transport element " + number;
        };
    }
}
