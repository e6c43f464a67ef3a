package io.tapelib.gateway.controller;

/**
 * One element of the medium changer: a drive, a storage slot or a mail slot.
 *
 * @param number     the element's ordinal as the controller numbers it (drives from 0, slots from 1)
 * @param full       whether a cartridge is in it
 * @param volumeTag  the cartridge's volume tag (barcode), empty when none or unreadable
 * @param sourceSlot for a drive, the storage slot its cartridge came from; 0 when unknown or not a drive
 * @param cleaning   whether the cartridge is a cleaning cartridge (never used for data)
 */
public record LibraryElement(int number, boolean full, String volumeTag, int sourceSlot, boolean cleaning) {
    public LibraryElement {
        volumeTag = volumeTag == null ? "" : volumeTag;
    }
}
