package io.tapelib.controller.changer;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A snapshot of the changer's elements.
 *
 * @param dataTransfer  the drives, by ascending number
 * @param storage       the storage slots, by ascending number
 * @param importExport  the mail slots, by ascending number
 */
public record Inventory(List<Element> dataTransfer, List<Element> storage, List<Element> importExport) {

    public Inventory {
        dataTransfer = List.copyOf(dataTransfer);
        storage = List.copyOf(storage);
        importExport = List.copyOf(importExport);
    }

    /** Every element, drives first. */
    public Stream<Element> all() {
        return Stream.of(dataTransfer, storage, importExport).flatMap(List::stream);
    }

    /** The element that holds the cartridge with this volume tag, if any. */
    public Optional<Element> find(String volumeTag) {
        return all().filter(e -> e.volumeTag().map(volumeTag::equals).orElse(false)).findFirst();
    }
}
