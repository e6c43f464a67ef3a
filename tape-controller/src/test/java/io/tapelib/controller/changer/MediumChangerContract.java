package io.tapelib.controller.changer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link MediumChanger} adapter must do (SMC-3 MOVE MEDIUM rules). The changer under test
 * needs at least two full and two empty storage slots and an empty drive 0; the tests find them in
 * the inventory, so they can run against real hardware too.
 */
public abstract class MediumChangerContract {

    /** A changer with at least two data cartridges and two empty storage slots, drive 0 empty. */
    protected abstract MediumChanger changer();

    private static List<Integer> fullSlots(Inventory inventory) {
        return inventory.storage().stream().filter(Element::full).filter(e -> !e.isCleaningCartridge())
                .map(Element::number).toList();
    }

    private static List<Integer> emptySlots(Inventory inventory) {
        return inventory.storage().stream().filter(e -> !e.full()).map(Element::number).toList();
    }

    private static Element slot(Inventory inventory, int number) {
        return inventory.storage().stream().filter(e -> e.number() == number).findFirst().orElseThrow();
    }

    @Test
    void inventoryNumbersElementsAsMtxDoes() {
        Inventory inventory = changer().inventory();

        assertThat(inventory.dataTransfer()).isNotEmpty();
        for (int i = 0; i < inventory.dataTransfer().size(); i++) {
            assertThat(inventory.dataTransfer().get(i).number()).isEqualTo(i);
            assertThat(inventory.dataTransfer().get(i).type()).isEqualTo(ElementType.DATA_TRANSFER);
        }
        for (int i = 0; i < inventory.storage().size(); i++) {
            assertThat(inventory.storage().get(i).number()).isEqualTo(i + 1);
            assertThat(inventory.storage().get(i).type()).isEqualTo(ElementType.STORAGE);
        }
        for (int i = 0; i < inventory.importExport().size(); i++) {
            assertThat(inventory.importExport().get(i).number()).isEqualTo(inventory.storage().size() + i + 1);
            assertThat(inventory.importExport().get(i).type()).isEqualTo(ElementType.IMPORT_EXPORT);
        }
        inventory.all().filter(Element::full).forEach(e -> assertThat(e.volumeTag()).isPresent());
        inventory.all().filter(e -> !e.full()).forEach(e -> assertThat(e.volumeTag()).isEmpty());
    }

    @Test
    void loadThenUnloadBringsTheCartridgeBack() {
        MediumChanger changer = changer();
        Inventory before = changer.inventory();
        int slot = fullSlots(before).get(0);
        Optional<String> tag = slot(before, slot).volumeTag();

        changer.load(slot, 0);

        Inventory loaded = changer.inventory();
        Element drive = loaded.dataTransfer().get(0);
        assertThat(drive.full()).isTrue();
        assertThat(drive.volumeTag()).isEqualTo(tag);
        assertThat(drive.sourceSlot()).isEqualTo(OptionalInt.of(slot));
        assertThat(slot(loaded, slot).full()).isFalse();
        assertThat(loaded.find(tag.orElseThrow())).contains(drive);

        changer.unload(0, slot);

        Inventory after = changer.inventory();
        assertThat(after.dataTransfer().get(0).full()).isFalse();
        assertThat(slot(after, slot).volumeTag()).isEqualTo(tag);
    }

    @Test
    void loadFromAnEmptySlotFails() {
        MediumChanger changer = changer();
        int empty = emptySlots(changer.inventory()).get(0);

        assertThatThrownBy(() -> changer.load(empty, 0)).isInstanceOf(SourceEmptyException.class);

        assertThat(changer.inventory().dataTransfer().get(0).full()).isFalse();
    }

    @Test
    void loadIntoAFullDriveFails() {
        MediumChanger changer = changer();
        List<Integer> full = fullSlots(changer.inventory());
        changer.load(full.get(0), 0);

        assertThatThrownBy(() -> changer.load(full.get(1), 0)).isInstanceOf(DestinationFullException.class);

        Inventory after = changer.inventory();
        assertThat(slot(after, full.get(1)).full()).isTrue();
        assertThat(after.dataTransfer().get(0).sourceSlot()).isEqualTo(OptionalInt.of(full.get(0)));
        changer.unload(0, full.get(0));
    }

    @Test
    void unloadOfAnEmptyDriveFails() {
        MediumChanger changer = changer();
        int empty = emptySlots(changer.inventory()).get(0);

        assertThatThrownBy(() -> changer.unload(0, empty)).isInstanceOf(SourceEmptyException.class);
    }

    @Test
    void unloadIntoAFullSlotFailsAndTheDriveKeepsItsCartridge() {
        MediumChanger changer = changer();
        List<Integer> full = fullSlots(changer.inventory());
        changer.load(full.get(0), 0);

        assertThatThrownBy(() -> changer.unload(0, full.get(1))).isInstanceOf(DestinationFullException.class);

        assertThat(changer.inventory().dataTransfer().get(0).full()).isTrue();
        changer.unload(0, full.get(0));
    }

    @Test
    void unloadIntoAnotherEmptySlot() {
        MediumChanger changer = changer();
        Inventory before = changer.inventory();
        int from = fullSlots(before).get(0);
        int to = emptySlots(before).get(0);
        Optional<String> tag = slot(before, from).volumeTag();
        changer.load(from, 0);

        changer.unload(0, to);

        Inventory after = changer.inventory();
        assertThat(slot(after, to).volumeTag()).isEqualTo(tag);
        assertThat(slot(after, from).full()).isFalse();
        changer.transfer(to, from);
    }

    @Test
    void transferMovesBetweenSlots() {
        MediumChanger changer = changer();
        Inventory before = changer.inventory();
        int from = fullSlots(before).get(0);
        int to = emptySlots(before).get(0);
        Optional<String> tag = slot(before, from).volumeTag();

        changer.transfer(from, to);

        Inventory after = changer.inventory();
        assertThat(slot(after, from).full()).isFalse();
        assertThat(slot(after, to).volumeTag()).isEqualTo(tag);
        changer.transfer(to, from);
        assertThat(slot(changer.inventory(), from).volumeTag()).isEqualTo(tag);
    }

    @Test
    void transferFromAnEmptySlotOrToAFullSlotFails() {
        MediumChanger changer = changer();
        Inventory inventory = changer.inventory();
        List<Integer> full = fullSlots(inventory);
        List<Integer> empty = emptySlots(inventory);

        assertThatThrownBy(() -> changer.transfer(empty.get(0), empty.get(1))).isInstanceOf(SourceEmptyException.class);
        assertThatThrownBy(() -> changer.transfer(full.get(0), full.get(1))).isInstanceOf(DestinationFullException.class);

        assertThat(changer.inventory()).isEqualTo(inventory);
    }

    @Test
    void importExportSlotsAreReachedByTheirOrdinal() {
        MediumChanger changer = changer();
        Inventory inventory = changer.inventory();
        Optional<Element> mailSlot = inventory.importExport().stream().filter(e -> !e.full()).findFirst();
        if (mailSlot.isEmpty()) {
            return; // a library without a free mail slot has nothing to show here
        }
        int from = fullSlots(inventory).get(0);
        Optional<String> tag = slot(inventory, from).volumeTag();

        changer.transfer(from, mailSlot.get().number());

        Inventory exported = changer.inventory();
        assertThat(exported.importExport().stream().filter(e -> e.number() == mailSlot.get().number()).findFirst()
                .orElseThrow().volumeTag()).isEqualTo(tag);
        changer.transfer(mailSlot.get().number(), from);
        assertThat(slot(changer.inventory(), from).volumeTag()).isEqualTo(tag);
    }

    @Test
    void eachDriveReportsTheSlotItsCartridgeCameFrom() {
        MediumChanger changer = changer();
        Inventory before = changer.inventory();
        org.junit.jupiter.api.Assumptions.assumeTrue(before.dataTransfer().size() >= 2
                && before.dataTransfer().get(1).full() == false, "needs a second, empty drive");
        List<Integer> full = fullSlots(before);

        changer.load(full.get(1), 1);
        changer.load(full.get(0), 0);

        Inventory loaded = changer.inventory();
        assertThat(loaded.dataTransfer().get(0).sourceSlot()).isEqualTo(OptionalInt.of(full.get(0)));
        assertThat(loaded.dataTransfer().get(1).sourceSlot()).isEqualTo(OptionalInt.of(full.get(1)));
        assertThat(loaded.dataTransfer().get(1).volumeTag()).isEqualTo(slot(before, full.get(1)).volumeTag());
        changer.unload(0, full.get(0));
        changer.unload(1, full.get(1));
        assertThat(changer.inventory()).isEqualTo(before);
    }

    @Test
    void aCartridgeInAMailSlotCanBeLoadedAndUnloadedBackToIt() {
        MediumChanger changer = changer();
        Inventory before = changer.inventory();
        Optional<Element> mailSlot = before.importExport().stream().filter(e -> !e.full()).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(mailSlot.isPresent(), "needs an empty import/export element");
        int from = fullSlots(before).get(0);
        int mail = mailSlot.get().number();
        changer.transfer(from, mail);

        changer.load(mail, 0);

        Element drive = changer.inventory().dataTransfer().get(0);
        assertThat(drive.volumeTag()).isEqualTo(slot(before, from).volumeTag());
        assertThat(drive.sourceSlot()).isEqualTo(OptionalInt.of(mail));
        changer.unload(0, mail);
        changer.transfer(mail, from);
        assertThat(changer.inventory()).isEqualTo(before);
    }

    @Test
    void aFailedMoveChangesNothing() {
        MediumChanger changer = changer();
        Inventory before = changer.inventory();
        int empty = emptySlots(before).get(0);
        List<Integer> full = fullSlots(before);

        assertThatThrownBy(() -> changer.load(empty, 0)).isInstanceOf(SourceEmptyException.class);
        assertThatThrownBy(() -> changer.transfer(full.get(0), full.get(1))).isInstanceOf(DestinationFullException.class);
        assertThatThrownBy(() -> changer.unload(0, empty)).isInstanceOf(SourceEmptyException.class);

        assertThat(changer.inventory()).isEqualTo(before);
    }

    @Test
    void unknownElementsAreRefused() {
        MediumChanger changer = changer();
        Inventory inventory = changer.inventory();
        int slots = inventory.storage().size() + inventory.importExport().size();
        int drives = inventory.dataTransfer().size();
        int full = fullSlots(inventory).get(0);
        int empty = emptySlots(inventory).get(0);

        assertThatThrownBy(() -> changer.load(0, 0)).isInstanceOf(UnknownElementException.class);
        assertThatThrownBy(() -> changer.load(slots + 1, 0)).isInstanceOf(UnknownElementException.class);
        assertThatThrownBy(() -> changer.load(full, drives)).isInstanceOf(UnknownElementException.class);
        assertThatThrownBy(() -> changer.load(full, -1)).isInstanceOf(UnknownElementException.class);
        assertThatThrownBy(() -> changer.unload(drives, empty)).isInstanceOf(UnknownElementException.class);
        assertThatThrownBy(() -> changer.transfer(full, slots + 1)).isInstanceOf(UnknownElementException.class);

        assertThat(changer.inventory()).isEqualTo(inventory);
    }
}
