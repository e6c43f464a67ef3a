package io.tapelib.controller.library;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.MoveFailedException;
import io.tapelib.controller.device.CleaningCartridgeException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.library.StoredLibrary.StoredDrive;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The element table alone: moves and the moves that undo them, threading, and the form it is stored in. */
class ElementTableTest {

    /** 4 storage elements, 2 import/export elements, 2 drives; drive 1 holds TL0003L5 from slot 3. */
    private static ElementTable table() {
        return new ElementTable(new StoredLibrary(4, 2, Arrays.asList("TL0001L5", "TL0002L5", null, "CLN001L1"),
                Arrays.asList(null, "TL0009L5"), List.of(new StoredDrive(null, null), new StoredDrive("TL0003L5", 3)),
                7));
    }

    @Test
    void everyMoveIsUndoneByWhatItReturnsLeavingTheTableAsBefore() {
        ElementTable table = table();
        StoredLibrary before = table.stored(7);

        Runnable back = table.moveSlotToDrive(1, 0);
        assertThat(table.cartridgeIn(0)).contains("TL0001L5");
        assertThat(table.location("TL0001L5")).contains("data transfer element 0");
        back.run();
        assertThat(table.stored(7)).isEqualTo(before);

        back = table.moveDriveToSlot(1, 5);
        assertThat(table.location("TL0003L5")).contains("import/export element 5");
        back.run();
        assertThat(table.stored(7)).isEqualTo(before);

        back = table.moveSlotToSlot(6, 3);
        assertThat(table.location("TL0009L5")).contains("storage element 3");
        back.run();
        assertThat(table.stored(7)).isEqualTo(before);

        back = table.place("TL0042L5", 5);
        assertThat(table.volumeTags()).containsExactly("TL0003L5", "TL0001L5", "TL0002L5", "CLN001L1", "TL0042L5",
                "TL0009L5");
        back.run();
        assertThat(table.stored(7)).isEqualTo(before);
    }

    @Test
    void aRefusedMoveChangesNothing() {
        ElementTable table = table();
        StoredLibrary before = table.stored(7);

        assertThatThrownBy(() -> table.moveSlotToDrive(2, 1)).isInstanceOf(DestinationFullException.class);
        assertThatThrownBy(() -> table.moveSlotToSlot(1, 1)).isInstanceOf(DestinationFullException.class);
        assertThatThrownBy(() -> table.place("TL0002L5", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("volume tag TL0002L5 is already in the library (storage element 2)");

        assertThat(table.stored(7)).isEqualTo(before);
    }

    @Test
    void aThreadedCartridgeStaysInItsDriveUntilUnthreaded() {
        ElementTable table = table();

        assertThat(table.thread(1, "virtual:drive1")).isEqualTo("TL0003L5");
        assertThatThrownBy(() -> table.moveDriveToSlot(1, 3)).isInstanceOf(MoveFailedException.class)
                .hasMessageContaining("53/02 MEDIUM REMOVAL PREVENTED: TL0003L5 is loaded in data transfer element 1");
        assertThat(table.isInDrive("TL0003L5")).isTrue();

        table.unthread(1);
        table.moveDriveToSlot(1, 3);
        assertThat(table.isInDrive("TL0003L5")).isFalse();
    }

    @Test
    void onlyADataCartridgeInTheDriveCanBeThreaded() {
        ElementTable table = table();
        assertThatThrownBy(() -> table.thread(0, "virtual:drive0")).isInstanceOf(MediumNotPresentException.class)
                .hasMessage("virtual:drive0: NOT READY, 3A/00 MEDIUM NOT PRESENT");

        table.moveSlotToDrive(4, 0);
        assertThatThrownBy(() -> table.thread(0, "virtual:drive0")).isInstanceOf(CleaningCartridgeException.class);
    }

    @Test
    void theStoredFormReadsBackAsTheSameTableWithoutThreading() {
        ElementTable table = table();
        table.thread(1, "virtual:drive1");

        ElementTable reopened = new ElementTable(table.stored(8));

        assertThat(reopened.status()).isEqualTo(table.status());
        assertThat(reopened.stored(8)).isEqualTo(table.stored(8));
        reopened.moveDriveToSlot(1, 3);
        assertThat(reopened.location("TL0003L5")).contains("storage element 3");
    }

    @Test
    void anOperatorsImportExportElementsReplaceOnlyThose() {
        ElementTable table = table();

        table.replaceImportExport(Arrays.asList("TL0010L5", null));

        assertThat(table.importExport()).containsExactly("TL0010L5", null);
        assertThat(table.stored(7).storage()).containsExactly("TL0001L5", "TL0002L5", null, "CLN001L1");
        assertThat(table.location("TL0009L5")).isEmpty();
    }
}
