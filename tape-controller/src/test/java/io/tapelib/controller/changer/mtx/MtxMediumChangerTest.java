package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.fixtures.SharedFixtures;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.changer.MoveFailedException;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.device.command.CommandStartException;
import io.tapelib.controller.device.command.CommandTimeoutException;
import io.tapelib.controller.changer.mtx.RecordingCommandRunner.Call;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MtxMediumChangerTest {

    private static final Duration STATUS = Duration.ofSeconds(120);
    private static final Duration MOVE = Duration.ofSeconds(600);

    private static MediumChanger changer(String device, RecordingCommandRunner runner) {
        return new MtxMediumChanger(device, runner, STATUS, MOVE);
    }

    @Test
    void inventoryRunsStatusWithTheStatusTimeout() {
        var runner = RecordingCommandRunner.answering(0, SharedFixtures.hardwareText("mtx-status-hera-lto9-24slot-cln-ie.txt"), "");

        Inventory inventory = changer("/dev/sg25", runner).inventory();

        assertThat(runner.calls()).containsExactly(new Call(List.of("mtx", "-f", "/dev/sg25", "status"), STATUS));
        assertThat(inventory.dataTransfer()).hasSize(2);
        assertThat(inventory.storage()).hasSize(23);
        assertThat(inventory.importExport()).containsExactly(
                new Element(ElementType.IMPORT_EXPORT, 24, true, Optional.of("HER003L9"), OptionalInt.empty()));
    }

    @Test
    void inventoryReadsTheStandardOutputAndToleratesARequestSenseOnStandardError() {
        String fixture = SharedFixtures.hardwareText("mtx-status-tandberg-storageloader-unit-attention.txt");
        int header = fixture.indexOf("  Storage Changer");
        var runner = RecordingCommandRunner.answering(0, fixture.substring(header), fixture.substring(0, header));

        Inventory inventory = changer("/dev/sg5", runner).inventory();

        assertThat(inventory.dataTransfer()).containsExactly(Element.empty(ElementType.DATA_TRANSFER, 0));
        assertThat(inventory.storage()).hasSize(7).allMatch(Element::full);
    }

    @Test
    void loadRunsLoadSlotDriveWithTheMoveTimeout() {
        var runner = RecordingCommandRunner.answering(0, "Loading media from Storage Element 5 into drive 0...done\n", "");

        changer("/dev/sg1", runner).load(5, 0);

        assertThat(runner.calls()).containsExactly(new Call(List.of("mtx", "-f", "/dev/sg1", "load", "5", "0"), MOVE));
    }

    @Test
    void unloadPutsTheSlotBeforeTheDriveAsMtxWants() {
        var runner = RecordingCommandRunner.answering(0, SharedFixtures.hardwareText("mtx-unload-ok-hp-ultrium5-library.txt"), "");

        changer("/dev/sg1", runner).unload(1, 14);

        assertThat(runner.calls()).containsExactly(new Call(List.of("mtx", "-f", "/dev/sg1", "unload", "14", "1"), MOVE));
    }

    @Test
    void unloadSucceedsWithTheOldMtxWording() {
        var runner = RecordingCommandRunner.answering(0, SharedFixtures.hardwareText("mtx-unload-ok-old-format-mhvtl.txt"), "");

        changer("/dev/sg2", runner).unload(0, 39);

        assertThat(runner.calls()).containsExactly(new Call(List.of("mtx", "-f", "/dev/sg2", "unload", "39", "0"), MOVE));
    }

    @Test
    void transferRunsFromTo() {
        var runner = RecordingCommandRunner.answering(0, "", "");

        changer("/dev/sg1", runner).transfer(3, 24);

        assertThat(runner.calls()).containsExactly(new Call(List.of("mtx", "-f", "/dev/sg1", "transfer", "3", "24"), MOVE));
    }

    @Test
    void aMailSlotIsReachedByTheOrdinalMtxStatusPrintsForIt() {
        var status = RecordingCommandRunner.answering(0, SharedFixtures.hardwareText("mtx-status-hera-lto9-24slot-cln-ie.txt"), "");
        Element mailSlot = changer("/dev/sg25", status).inventory().importExport().get(0);
        Element empty = changer("/dev/sg25", status).inventory().storage().stream().filter(e -> !e.full()).findFirst()
                .orElseThrow();
        var runner = RecordingCommandRunner.answering(0, "", "");

        changer("/dev/sg25", runner).transfer(mailSlot.number(), empty.number());

        assertThat(mailSlot.number()).isEqualTo(24);
        assertThat(empty.number()).isEqualTo(8);
        assertThat(runner.calls()).containsExactly(new Call(List.of("mtx", "-f", "/dev/sg25", "transfer", "24", "8"), MOVE));
    }

    @Test
    void aTransferIntoAFullMailSlotIsDestinationFullInMtxsWords() {
        // the hera library's import/export element 24 holds HER003L9; mtx checks it itself before any MOVE MEDIUM
        var runner = RecordingCommandRunner.answering(1, "", "mtx: destination Element Address 1023 is Already Full\n");

        assertThatThrownBy(() -> changer("/dev/sg25", runner).transfer(3, 24))
                .isInstanceOf(io.tapelib.controller.changer.DestinationFullException.class)
                .hasMessage("/dev/sg25: transfer slot 3 to slot 24 (storage or import/export elements): "
                        + "mtx: destination Element Address 1023 is Already Full (ASC/ASCQ 3B/0D) [mtx exit status 1]");
    }

    @Test
    void aTransferFromAnEmptyMailSlotIsSourceEmptyAndAnUnknownOneIsUnknown() {
        var empty = RecordingCommandRunner.answering(1, "", "mtx: source Element Address 1023 is Empty\n");
        var unknown = RecordingCommandRunner.answering(1, "", "mtx: Invalid source\n");

        assertThatThrownBy(() -> changer("/dev/sg25", empty).transfer(24, 8))
                .isInstanceOf(SourceEmptyException.class).hasMessageContaining("source Element Address 1023 is Empty");
        assertThatThrownBy(() -> changer("/dev/sg25", unknown).transfer(25, 8))
                .isInstanceOf(UnknownElementException.class).hasMessageContaining("transfer slot 25 to slot 8")
                .hasMessageContaining("mtx: Invalid source");
    }

    @Test
    void theDellNotReadyUnloadFailsWithItsSenseAndBothNumberings() {
        String fixture = SharedFixtures.hardwareText("mtx-unload-error-not-ready-0412-dell.txt");
        int dump = fixture.indexOf("mtx: Request Sense: Long Report");
        var runner = RecordingCommandRunner.answering(1, fixture.substring(0, dump), fixture.substring(dump));

        assertThatThrownBy(() -> changer("/dev/sg4", runner).unload(1, 2))
                .isInstanceOf(MoveFailedException.class)
                .hasMessage("/dev/sg4: unload data transfer element 1 into storage element 2: "
                        + "MOVE MEDIUM from Element Address 257 to 4097 Failed; Request Sense: Not Ready, ASC/ASCQ 04/12 [mtx exit status 1]")
                .satisfies(e -> assertThat(((MtxMoveFailedException) e).requestSense())
                        .contains(new MtxRequestSense("Not Ready", 0x04, 0x12)));
        assertThat(runner.calls()).containsExactly(new Call(List.of("mtx", "-f", "/dev/sg4", "unload", "2", "1"), MOVE));
    }

    @Test
    void loadFromAnEmptySlotIsSourceEmptyWithTheLibrarysAddress() {
        var runner = RecordingCommandRunner.answering(1, "Loading media from Storage Element 3 into drive 0...",
                "mtx: Source Element Address 1003 is Empty\n");

        assertThatThrownBy(() -> changer("/dev/sg1", runner).load(3, 0))
                .isInstanceOf(SourceEmptyException.class)
                .hasMessageContaining("load storage element 3 into data transfer element 0")
                .hasMessageContaining("Source Element Address 1003 is Empty");
    }

    @Test
    void aChangerThatCannotBeOpenedIsADeviceErrorWithErrno() {
        var runner = RecordingCommandRunner.answering(1, "", "mtx: cannot open SCSI device '/dev/sg1' - Permission denied\n");

        assertThatThrownBy(() -> changer("/dev/sg1", runner).inventory())
                .isExactlyInstanceOf(DeviceException.class)
                .hasMessage("/dev/sg1: read the element status: mtx: cannot open SCSI device '/dev/sg1' - Permission denied [mtx exit status 1]");
    }

    @Test
    void garbageFromStatusIsADeviceErrorQuotingIt() {
        var runner = RecordingCommandRunner.answering(0, "\u0000\u0001 not an mtx status\n", "");

        assertThatThrownBy(() -> changer("/dev/sg1", runner).inventory())
                .isExactlyInstanceOf(DeviceException.class)
                .hasMessageStartingWith("/dev/sg1: mtx status printed no inventory that can be read")
                .hasMessageContaining("not an mtx status");
    }

    @Test
    void emptyStatusIsADeviceError() {
        var runner = RecordingCommandRunner.answering(0, "", "");

        assertThatThrownBy(() -> changer("/dev/sg1", runner).inventory())
                .isExactlyInstanceOf(DeviceException.class)
                .hasMessageContaining("/dev/sg1")
                .hasMessageContaining("(no output)");
    }

    @Test
    void aRobotThatDoesNotAnswerInTimeIsADeviceErrorNamingTheTimeout() {
        var runner = new RecordingCommandRunner(command -> {
            throw new CommandTimeoutException(command, MOVE);
        });

        assertThatThrownBy(() -> changer("/dev/sg1", runner).load(5, 1))
                .isExactlyInstanceOf(DeviceException.class)
                .hasMessageStartingWith("/dev/sg1: load storage element 5 into data transfer element 1: the changer did not answer within 600 s")
                .hasCauseInstanceOf(CommandTimeoutException.class);
        assertThatThrownBy(() -> changer("/dev/sg1", runner).inventory())
                .hasMessageContaining("did not answer within 120 s");
        assertThat(runner.calls()).extracting(Call::timeout).containsExactly(MOVE, STATUS);
    }

    @Test
    void aMissingMtxIsADeviceErrorThatSaysSo() {
        var runner = new RecordingCommandRunner(command -> {
            throw new CommandStartException(command, new IOException("error=2, No such file or directory"));
        });

        assertThatThrownBy(() -> changer("/dev/sg1", runner).inventory())
                .isExactlyInstanceOf(DeviceException.class)
                .hasMessageContaining("cannot run mtx -f /dev/sg1 status: error=2, No such file or directory")
                .hasCauseInstanceOf(CommandStartException.class);
    }

    @Test
    void elementNumbersMtxWouldMisreadAreRefusedWithoutRunningIt() {
        var runner = RecordingCommandRunner.answering(0, "", "");
        MediumChanger changer = changer("/dev/sg1", runner);

        assertThatThrownBy(() -> changer.load(0, 0)).isInstanceOf(UnknownElementException.class)
                .hasMessageContaining("storage element 0 does not exist");
        assertThatThrownBy(() -> changer.load(5, -1)).isInstanceOf(UnknownElementException.class)
                .hasMessageContaining("data transfer element -1 does not exist");
        assertThatThrownBy(() -> changer.unload(0, 0)).isInstanceOf(UnknownElementException.class);
        assertThatThrownBy(() -> changer.unload(-1, 3)).isInstanceOf(UnknownElementException.class);
        assertThatThrownBy(() -> changer.transfer(3, 0)).isInstanceOf(UnknownElementException.class);
        assertThat(runner.calls()).isEmpty();
    }

    private static final String UNIT_ATTENTION_MOVE = """
            mtx: Request Sense: Long Report=yes
            mtx: Request Sense: Sense Key=Unit Attention
            mtx: Request Sense: Additional Sense Code = 28
            mtx: Request Sense: Additional Sense Qualifier = 00
            mtx: MOVE MEDIUM from Element Address 4101 to 256 Failed
            """;

    @Test
    void aMoveRefusedWithUnitAttentionIsTriedOnceMore() {
        var answers = new ArrayDeque<>(List.of(
                new CommandResult(List.of(), 1, "", UNIT_ATTENTION_MOVE),
                new CommandResult(List.of(), 0, "Loading media from Storage Element 5 into drive 0...done\n", "")));
        var runner = new RecordingCommandRunner(command -> answers.removeFirst());

        changer("/dev/sg1", runner).load(5, 0);

        assertThat(runner.calls()).hasSize(2).allMatch(c -> c.command().equals(List.of("mtx", "-f", "/dev/sg1", "load", "5", "0")));
    }

    @Test
    void aSecondUnitAttentionIsAMoveFailure() {
        var runner = RecordingCommandRunner.answering(1, "", UNIT_ATTENTION_MOVE);

        assertThatThrownBy(() -> changer("/dev/sg1", runner).load(5, 0))
                .isInstanceOf(MoveFailedException.class)
                .hasMessageContaining("MOVE MEDIUM from Element Address 4101 to 256 Failed; Request Sense: Unit Attention, ASC/ASCQ 28/00");
        assertThat(runner.calls()).hasSize(2);
    }

    @Test
    void otherFailuresAreNotRetried() {
        var runner = RecordingCommandRunner.answering(1, "", "mtx: Source Element Address 4101 is Empty\n");

        assertThatThrownBy(() -> changer("/dev/sg1", runner).load(5, 0)).isInstanceOf(SourceEmptyException.class);
        assertThat(runner.calls()).hasSize(1);
    }

    @Test
    void timeoutsMustBePositive() {
        var runner = RecordingCommandRunner.answering(0, "", "");

        assertThatThrownBy(() -> new MtxMediumChanger("/dev/sg1", runner, Duration.ZERO, MOVE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MtxMediumChanger("/dev/sg1", runner, STATUS, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
