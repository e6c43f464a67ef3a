package io.tapelib.controller.library;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The virtual changer as a device: unit attention, padded volume tags and MSL element addresses. */
class LibraryElementsTest {

    @TempDir
    Path dir;

    private LibraryElements msl4048() throws IOException {
        return LibraryElements.create(dir.resolve("library.json"), VirtualLibraryConfig.msl4048().withDrives(2),
                Map.of(1, "TL0001L5", 2, "TL0002L5", 48, "CLN001L1"));
    }

    @Test
    void theFirstCommandAfterPowerUpIsAnsweredWithUnitAttentionThenRuns() throws IOException {
        LibraryElements elements = msl4048();

        assertThatThrownBy(elements::readElementStatus).isInstanceOf(UnitAttentionException.class)
                .hasMessage("virtual:changer: UNIT ATTENTION, 28/00 NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED");

        assertThat(elements.readElementStatus()).hasSize(2 + 48 + 3);
    }

    @Test
    void aMoveAfterAnOperatorPlacedACartridgeIsAnsweredWithUnitAttentionAndNotExecuted() throws IOException {
        LibraryElements elements = msl4048();
        consumeUnitAttention(elements);
        assertThat(elements.readElementStatus()).hasSize(2 + 48 + 3);
        elements.place("TL0009L5", 49);

        assertThatThrownBy(() -> elements.moveSlotToDrive(49, 0)).isInstanceOf(UnitAttentionException.class);
        assertThat(elements.cartridgeIn(0)).isEmpty();

        elements.moveSlotToDrive(49, 0);
        assertThat(elements.cartridgeIn(0)).contains("TL0009L5");
    }

    @Test
    void elementStatusHasMslAddressesAndVolumeTagsPaddedTo36Characters() throws IOException {
        LibraryElements elements = msl4048();
        consumeUnitAttention(elements);
        elements.moveSlotToDrive(2, 1);

        List<ElementStatus> status = elements.readElementStatus();

        assertThat(status.get(0)).isEqualTo(new ElementStatus(ElementType.DATA_TRANSFER, 0x0001, false,
                " ".repeat(36), OptionalInt.empty()));
        assertThat(status.get(1)).isEqualTo(new ElementStatus(ElementType.DATA_TRANSFER, 0x0002, true,
                "TL0002L5" + " ".repeat(28), OptionalInt.of(0x03ea)));
        assertThat(status.get(2)).isEqualTo(new ElementStatus(ElementType.STORAGE, 0x03e9, true,
                "TL0001L5" + " ".repeat(28), OptionalInt.empty()));
        assertThat(status.get(2 + 47)).isEqualTo(new ElementStatus(ElementType.STORAGE, 0x03e9 + 47, true,
                "CLN001L1" + " ".repeat(28), OptionalInt.empty()));
        assertThat(status.get(2 + 48)).isEqualTo(new ElementStatus(ElementType.IMPORT_EXPORT, 0x0419, false,
                " ".repeat(36), OptionalInt.empty()));
        assertThat(status).allSatisfy(e -> assertThat(e.volumeTag()).hasSize(36));
    }

    @Test
    void errorsNameTheOrdinalNextToTheElementAddress() throws IOException {
        LibraryElements elements = msl4048();
        consumeUnitAttention(elements);

        assertThatThrownBy(() -> elements.moveSlotToDrive(3, 0)).isInstanceOf(SourceEmptyException.class)
                .hasMessage("virtual:changer: ILLEGAL REQUEST, 3B/0E MEDIUM SOURCE ELEMENT EMPTY: storage element 3"
                        + " (address 1003) is empty");
        elements.moveSlotToDrive(1, 1);
        assertThatThrownBy(() -> elements.moveSlotToDrive(2, 1)).isInstanceOf(DestinationFullException.class)
                .hasMessageEndingWith("data transfer element 1 (address 2) holds TL0001L5");
        assertThatThrownBy(() -> elements.moveSlotToSlot(2, 52)).isInstanceOf(UnknownElementException.class)
                .hasMessageEndingWith("no slot 52 (storage elements 1..48 at addresses 1001..1048, import/export"
                        + " elements 49..51 at addresses 1049..1051)");
        assertThatThrownBy(() -> elements.moveSlotToDrive(2, 2)).isInstanceOf(UnknownElementException.class)
                .hasMessageEndingWith("no data transfer element 2 (0..1 at addresses 1..2)");
    }

    @Test
    void addressesMapBackToMtxOrdinals() {
        ElementAddresses addresses = ElementAddresses.msl(48);
        assertThat(addresses.slot(1)).isEqualTo(1001);
        assertThat(addresses.slot(49)).isEqualTo(1049);
        assertThat(addresses.slotOrdinal(1001)).isEqualTo(1);
        assertThat(addresses.slotOrdinal(1048)).isEqualTo(48);
        assertThat(addresses.slotOrdinal(1051)).isEqualTo(51);
        assertThat(addresses.describe(ElementType.IMPORT_EXPORT, 50)).isEqualTo("import/export element 50 (address 1050)");
    }

    private static void consumeUnitAttention(LibraryElements elements) {
        assertThatThrownBy(elements::readElementStatus).isInstanceOf(UnitAttentionException.class);
    }
}
