package io.tapelib.controller.changer.virtual;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.changer.MediumChangerContract;
import io.tapelib.controller.changer.MoveFailedException;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The changer contract against the virtual MSL4048, plus the virtual library's own rules. */
class VirtualMediumChangerTest extends MediumChangerContract {

    @TempDir
    Path dir;

    private VirtualLibrary library;

    @BeforeEach
    void openLibrary() throws IOException {
        library = VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048().withDrives(2));
    }

    @AfterEach
    void closeLibrary() {
        library.close();
    }

    @Override
    protected MediumChanger changer() {
        return library.changer();
    }

    @Test
    void theMsl4048StartsWithEightDataCartridgesAndACleaningCartridge() {
        Inventory inventory = changer().inventory();

        assertThat(inventory.dataTransfer()).hasSize(2).noneMatch(Element::full);
        assertThat(inventory.storage()).hasSize(48);
        assertThat(inventory.importExport()).hasSize(3).noneMatch(Element::full);
        assertThat(inventory.storage().subList(0, 8)).extracting(e -> e.volumeTag().orElseThrow())
                .containsExactly("TL0001L5", "TL0002L5", "TL0003L5", "TL0004L5", "TL0005L5", "TL0006L5",
                        "TL0007L5", "TL0008L5");
        assertThat(inventory.storage().subList(8, 47)).noneMatch(Element::full);
        assertThat(inventory.storage().get(47).volumeTag()).contains("CLN001L1");
        assertThat(inventory.storage().get(47).isCleaningCartridge()).isTrue();
    }

    @Test
    void aThreadedCartridgeCannotBeTakenFromItsDrive() {
        changer().load(2, 1);
        TapeDrive drive = library.drives().get(1);
        drive.load();

        assertThatThrownBy(() -> changer().unload(1, 2)).isInstanceOf(MoveFailedException.class)
                .hasMessageContaining("MEDIUM REMOVAL PREVENTED");

        drive.unload();
        changer().unload(1, 2);
        assertThat(changer().inventory().storage().get(1).volumeTag()).contains("TL0002L5");
    }

    @Test
    void aCleaningCartridgeIsMovedLikeAnyOther() {
        changer().load(48, 0);

        assertThat(changer().inventory().dataTransfer().get(0).volumeTag()).contains("CLN001L1");
        changer().unload(0, 48);
    }

    @Test
    void unitAttentionAfterPowerUpAndAfterAnOperatorInsertedACartridgeIsAbsorbedAndCounted() {
        VirtualMediumChanger changer = (VirtualMediumChanger) changer();

        Inventory first = changer.inventory();
        assertThat(changer.unitAttentions()).isEqualTo(1);
        assertThat(first.storage().get(0).volumeTag()).contains("TL0001L5");

        library.insertCartridge("TL0042L5", 49);
        changer.load(49, 0);

        assertThat(changer.unitAttentions()).isEqualTo(2);
        Inventory after = changer.inventory();
        assertThat(changer.unitAttentions()).isEqualTo(2);
        assertThat(after.dataTransfer().get(0).volumeTag()).contains("TL0042L5");
        assertThat(after.dataTransfer().get(0).sourceSlot()).hasValue(49);
        assertThat(after.importExport().get(0).full()).isFalse();
    }

    @Test
    void volumeTagsArriveStrippedOfTheDevicesPadding() {
        assertThat(changer().inventory().all().flatMap(e -> e.volumeTag().stream()))
                .containsExactlyInAnyOrder("TL0001L5", "TL0002L5", "TL0003L5", "TL0004L5", "TL0005L5", "TL0006L5",
                        "TL0007L5", "TL0008L5", "CLN001L1");
    }

    @Test
    void errorsNameTheElementAddressNextToTheOrdinalAsMtxDoes() {
        assertThatThrownBy(() -> changer().load(9, 0))
                .isInstanceOf(io.tapelib.controller.changer.SourceEmptyException.class)
                .hasMessageContaining("storage element 9 (address 1009) is empty");
    }

    @Test
    void everyMoveIsChargedOneRobotExchange() {
        double before = library.timing().simulatedSeconds();

        changer().load(1, 0);
        changer().unload(0, 1);
        changer().transfer(1, 49);

        assertThat(library.timing().simulatedSeconds() - before).isEqualTo(3 * TimingModel.ROBOT_MOVE_SECONDS);
    }
}
