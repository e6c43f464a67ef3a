package io.tapelib.gateway.audit;

import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.LibraryInventory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Exports and imports as the gateway sees them: by comparing each inventory of the library with the one before. A
 * cartridge that was in a storage element or a drive and is now in an import/export element or gone was exported; one
 * that was in an import/export element or unknown and is now in a storage element or a drive was imported. The first
 * inventory only sets what "before" means. Cleaning cartridges are not followed. Thread-safe.
 */
final class LibraryMoves {
    /** Where a cartridge is, as far as exports and imports are concerned. */
    enum Place { INSIDE, MAIL_SLOT }

    /**
     * One cartridge that left or entered the library.
     *
     * @param volumeTag the cartridge
     * @param exported  true when it left (export), false when it came in (import)
     * @param detail    where from and to, for the audit record
     */
    record Move(String volumeTag, boolean exported, String detail) {
    }

    private Map<String, Place> before;

    /** The moves since the last inventory given; none for the first. */
    synchronized List<Move> update(LibraryInventory library) {
        if (library.drives().isEmpty() && library.storageSlots().isEmpty()) {
            return List.of(); // a failed read of the changer, not an empty library (as LibraryShelf takes it)
        }
        Map<String, Place> now = new HashMap<>();
        library.drives().forEach(e -> put(now, e, Place.INSIDE));
        library.storageSlots().forEach(e -> put(now, e, Place.INSIDE));
        library.importExportSlots().forEach(e -> put(now, e, Place.MAIL_SLOT));
        Map<String, Place> previous = before;
        before = now;
        if (previous == null) {
            return List.of();
        }
        List<Move> moves = new ArrayList<>();
        TreeSet<String> tags = new TreeSet<>(previous.keySet());
        tags.addAll(now.keySet());
        for (String tag : tags) {
            Place was = previous.get(tag);
            Place is = now.get(tag);
            if (was == Place.INSIDE && is != Place.INSIDE) {
                moves.add(new Move(tag, true, is == null ? "cartridge " + tag + " left the library"
                        : "cartridge " + tag + " moved to a mail slot"));
            } else if (was != Place.INSIDE && is == Place.INSIDE) {
                moves.add(new Move(tag, false, was == null ? "cartridge " + tag + " entered the library"
                        : "cartridge " + tag + " moved in from a mail slot"));
            }
        }
        return moves;
    }

    private static void put(Map<String, Place> places, LibraryElement element, Place place) {
        if (element.full() && !element.cleaning() && !element.volumeTag().isEmpty()) {
            places.put(element.volumeTag(), place);
        }
    }
}
