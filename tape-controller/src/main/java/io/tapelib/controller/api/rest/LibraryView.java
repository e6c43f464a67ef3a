package io.tapelib.controller.api.rest;

import io.tapelib.controller.changer.Inventory;

import java.util.List;

/** The library's elements in the REST API: drives, storage slots, import/export slots. */
public record LibraryView(List<ElementView> drives, List<ElementView> storageSlots, List<ElementView> importExportSlots) {

    static LibraryView of(Inventory inventory) {
        return new LibraryView(inventory.dataTransfer().stream().map(ElementView::of).toList(),
                inventory.storage().stream().map(ElementView::of).toList(),
                inventory.importExport().stream().map(ElementView::of).toList());
    }
}
