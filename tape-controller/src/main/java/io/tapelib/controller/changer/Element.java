package io.tapelib.controller.changer;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One element of a medium changer as its READ ELEMENT STATUS reports it.
 *
 * @param type        the element type
 * @param number      the ordinal as {@code mtx status} prints it: data transfer elements from 0,
 *                    storage and import/export elements from 1 (import/export elements are numbered
 *                    after the storage elements, as mtx does)
 * @param full        whether the element holds a cartridge
 * @param volumeTag   the primary volume tag (barcode) with padding removed; empty when the element is
 *                    empty or the cartridge has no readable label
 * @param sourceSlot  for a full data transfer element, the storage element the cartridge was loaded
 *                    from, when the changer knows it
 */
public record Element(ElementType type, int number, boolean full, Optional<String> volumeTag, OptionalInt sourceSlot) {

    public static Element empty(ElementType type, int number) {
        return new Element(type, number, false, Optional.empty(), OptionalInt.empty());
    }

    /** A cleaning cartridge: volume tag starting with {@code CLN} (the LTO barcode convention). */
    public boolean isCleaningCartridge() {
        return volumeTag.map(Element::isCleaningTag).orElse(false);
    }

    /** Whether a volume tag names a cleaning cartridge ({@code CLNxxxLn}). */
    public static boolean isCleaningTag(String volumeTag) {
        return volumeTag.toUpperCase().startsWith("CLN");
    }
}
