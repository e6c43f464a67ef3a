package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.fixtures.SharedFixtures;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.device.DeviceException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MtxStatusParserTest {

    private static Inventory parse(String fixture) {
        return MtxStatusParser.parse("/dev/sgX", SharedFixtures.hardwareText(fixture));
    }

    private static Element slot(Inventory inventory, int number) {
        return inventory.storage().stream().filter(e -> e.number() == number).findFirst().orElseThrow();
    }

    private static List<Integer> numbers(List<Element> elements) {
        return elements.stream().map(Element::number).toList();
    }

    @Test
    void hpeMsl3040WithTwoLoadedDrivesAndACleaningCartridge() {
        Inventory inventory = parse("mtx-status-hpe-msl3040-1.txt");

        assertThat(inventory.dataTransfer()).containsExactly(
                new Element(ElementType.DATA_TRANSFER, 0, true, Optional.of("S30002L9"), OptionalInt.of(34)),
                new Element(ElementType.DATA_TRANSFER, 1, true, Optional.of("Z20001L9"), OptionalInt.of(6)));
        assertThat(numbers(inventory.storage())).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
        assertThat(inventory.importExport()).isEmpty();
        assertThat(inventory.storage()).allMatch(e -> e.type() == ElementType.STORAGE && e.sourceSlot().isEmpty());
        // The slots the two drives were loaded from are the empty ones.
        assertThat(slot(inventory, 34).full()).isFalse();
        assertThat(slot(inventory, 6).full()).isFalse();
        assertThat(inventory.storage().stream().filter(e -> !e.full()).map(Element::number))
                .containsExactly(3, 6, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 34);
        // Tags are padded to 36 characters in the output.
        assertThat(slot(inventory, 2).volumeTag()).contains("S20001L9");
        assertThat(slot(inventory, 40).volumeTag()).contains("K20001L9");
        assertThat(slot(inventory, 3)).isEqualTo(Element.empty(ElementType.STORAGE, 3));
        assertThat(slot(inventory, 1).volumeTag()).contains("CLNU01L9");
        assertThat(inventory.all().filter(Element::isCleaningCartridge).map(Element::number)).containsExactly(1);
        assertThat(inventory.find("Z20001L9")).contains(inventory.dataTransfer().get(1));
    }

    @Test
    void hpeMsl3040WithOneEmptyDriveAndMixedGenerations() {
        Inventory inventory = parse("mtx-status-hpe-msl3040-2.txt");

        assertThat(inventory.dataTransfer()).containsExactly(
                new Element(ElementType.DATA_TRANSFER, 0, true, Optional.of("E10046L7"), OptionalInt.of(33)),
                Element.empty(ElementType.DATA_TRANSFER, 1));
        assertThat(inventory.storage()).hasSize(40);
        assertThat(inventory.importExport()).isEmpty();
        assertThat(inventory.storage().stream().filter(Element::full).count()).isEqualTo(19);
        assertThat(slot(inventory, 3).volumeTag()).contains("C16439L6");
        assertThat(slot(inventory, 20).volumeTag()).contains("E10037L7");
        assertThat(slot(inventory, 19).full()).isFalse();
        assertThat(slot(inventory, 33).full()).isFalse();
        assertThat(inventory.all().noneMatch(Element::isCleaningCartridge)).isTrue();
    }

    @Test
    void heraLibraryWithAnImportExportElementNumberedAfterTheStorageElements() {
        Inventory inventory = parse("mtx-status-hera-lto9-24slot-cln-ie.txt");

        // Both drives claim Storage Element 8, as the library reported it.
        assertThat(inventory.dataTransfer()).containsExactly(
                new Element(ElementType.DATA_TRANSFER, 0, true, Optional.of("042142L9"), OptionalInt.of(8)),
                new Element(ElementType.DATA_TRANSFER, 1, true, Optional.of("HER002L9"), OptionalInt.of(8)));
        assertThat(numbers(inventory.storage())).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 23).boxed().toList());
        assertThat(inventory.importExport()).containsExactly(
                new Element(ElementType.IMPORT_EXPORT, 24, true, Optional.of("HER003L9"), OptionalInt.empty()));
        assertThat(slot(inventory, 8).full()).isFalse();
        assertThat(inventory.storage().stream().filter(e -> !e.full()).map(Element::number)).containsExactly(8);
        assertThat(slot(inventory, 12).volumeTag()).contains("CLN003L1");
        assertThat(slot(inventory, 12).isCleaningCartridge()).isTrue();
        assertThat(inventory.all().filter(Element::isCleaningCartridge).count()).isEqualTo(1);
        assertThat(inventory.find("HER003L9").map(Element::type)).contains(ElementType.IMPORT_EXPORT);
    }

    @Test
    void tandbergStorageLoaderWithItsUnitAttentionDumpInterleaved() {
        Inventory inventory = parse("mtx-status-tandberg-storageloader-unit-attention.txt");

        assertThat(inventory.dataTransfer()).containsExactly(Element.empty(ElementType.DATA_TRANSFER, 0));
        assertThat(inventory.storage()).extracting(e -> e.volumeTag().orElseThrow()).containsExactly(
                "000711L4", "A00008L5", "A00034L5", "A00014L5", "A00036L5", "A00025L5", "000218L5");
        assertThat(numbers(inventory.storage())).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(inventory.storage()).allMatch(Element::full);
        assertThat(inventory.importExport()).isEmpty();
    }

    @Test
    void unknownSourceFullWithoutLabelAlternateTagAndEmptyMailSlot() {
        String output = """
                  Storage Changer /dev/sg3:2 Drives, 4 Slots ( 2 Import/Export )
                Data Transfer Element 0:Full (Unknown Storage Element Loaded):VolumeTag = A00001L8                        :AlternateVolumeTag = ALT0001
                Data Transfer Element 1:Full (Storage Element 2 Loaded)
                      Storage Element 1:Full\s
                      Storage Element 2:Empty:VolumeTag=STALE1L8
                      Storage Element 3 IMPORT/EXPORT:Empty
                      Storage Element 4 IMPORT/EXPORT:Full :VolumeTag=CLN001L1:AlternateVolumeTag=X
                """;

        Inventory inventory = MtxStatusParser.parse("/dev/sg3", output);

        assertThat(inventory.dataTransfer()).containsExactly(
                new Element(ElementType.DATA_TRANSFER, 0, true, Optional.of("A00001L8"), OptionalInt.empty()),
                new Element(ElementType.DATA_TRANSFER, 1, true, Optional.empty(), OptionalInt.of(2)));
        assertThat(inventory.storage()).containsExactly(
                new Element(ElementType.STORAGE, 1, true, Optional.empty(), OptionalInt.empty()),
                Element.empty(ElementType.STORAGE, 2));
        assertThat(inventory.importExport()).containsExactly(
                Element.empty(ElementType.IMPORT_EXPORT, 3),
                new Element(ElementType.IMPORT_EXPORT, 4, true, Optional.of("CLN001L1"), OptionalInt.empty()));
        assertThat(inventory.importExport().get(1).isCleaningCartridge()).isTrue();
    }

    @Test
    void emptyOutputNamesTheDevice() {
        assertThatThrownBy(() -> MtxStatusParser.parse("/dev/sg9", ""))
                .isInstanceOf(DeviceException.class)
                .hasMessageStartingWith("/dev/sg9: ")
                .hasMessageContaining("no \"Storage Changer")
                .hasMessageContaining("(no output)");
    }

    @Test
    void garbageIsQuoted() {
        assertThatThrownBy(() -> MtxStatusParser.parse("/dev/sg9", "Segmentation fault\nsomething else"))
                .isInstanceOf(DeviceException.class)
                .hasMessageStartingWith("/dev/sg9: ")
                .hasMessageContaining("Segmentation fault\nsomething else");
    }

    @Test
    void aTruncatedOutputIsRefusedRatherThanReadAsASmallerLibrary() {
        String whole = SharedFixtures.hardwareText("mtx-status-hpe-msl3040-1.txt");
        String truncated = whole.substring(0, whole.indexOf("      Storage Element 21:"));

        assertThatThrownBy(() -> MtxStatusParser.parse("/dev/sg7", truncated))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("announces 2 drives, 40 slots (0 import/export) but the output lists 2 drives, 20 slots");
    }

    @Test
    void anElementLineThatDoesNotReadAsMtxWritesItIsRefused() {
        String output = """
                  Storage Changer /dev/sg3:1 Drives, 1 Slots ( 0 Import/Export )
                Data Transfer Element 0:Half
                      Storage Element 1:Empty
                """;

        assertThatThrownBy(() -> MtxStatusParser.parse("/dev/sg3", output))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("cannot read the element line \"Data Transfer Element 0:Half\"");
    }
}
