package io.tapelib.controller.library;

import io.tapelib.controller.changer.ElementType;

import java.util.OptionalInt;

/**
 * One element status descriptor of the virtual library's READ ELEMENT STATUS (SMC-3 6.10), as the device returns
 * it: before any port cleans it up.
 *
 * @param type          the element type
 * @param address       the element address (see {@link ElementAddresses})
 * @param full          whether the element holds a cartridge
 * @param volumeTag     the primary volume tag field, padded with spaces to {@value #VOLUME_TAG_FIELD} characters
 *                      as the HPE MSL pads it (shared/fixtures/hardware/mtx-status-hpe-msl3040-1.txt); all spaces
 *                      when the element is empty
 * @param sourceAddress for a full data transfer element, the address of the element the cartridge came from
 */
public record ElementStatus(ElementType type, int address, boolean full, String volumeTag, OptionalInt sourceAddress) {

    /** Width of the primary volume tag field: 32 characters of label plus 4 of sequence number (SMC-3 6.10.4). */
    public static final int VOLUME_TAG_FIELD = 36;

    /** {@code tag} padded with spaces to the field's width (an empty field for null). */
    static String pad(String tag) {
        return String.format("%-" + VOLUME_TAG_FIELD + "s", tag == null ? "" : tag);
    }
}
