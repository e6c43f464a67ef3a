package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.fixtures.SharedFixtures;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.MoveFailedException;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.command.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lines are mtx's FatalError formats (mtx 1.3.12 mtx.c, scsi_linux.c, and the pre-1.3 wordings) filled in. */
class MtxErrorsTest {

    private static final List<String> UNLOAD = List.of("mtx", "-f", "/dev/sg4", "unload", "2", "1");

    private static DeviceException failure(String stdout, String stderr) {
        return MtxErrors.forFailure("/dev/sg4", "unload data transfer element 1 into storage element 2",
                new CommandResult(UNLOAD, 1, stdout, stderr));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            mtx: Source Element Address 4097 is Empty                                 | SourceEmptyException
            mtx: source Element Address 4097 is Empty                                 | SourceEmptyException
            mtx: Data Transfer Element 1 is Empty                                     | SourceEmptyException
            mtx: Destination Element Address 4097 is Already Full                     | DestinationFullException
            mtx: destination Element Address 4097 is Already Full                     | DestinationFullException
            mtx: Storage Element 2 is Already Full                                    | DestinationFullException
            mtx: Drive 1 Full (Storage Element 5 loaded)                              | DestinationFullException
            mtx: Invalid <storage-element-number> argument '41' to 'load' command     | UnknownElementException
            mtx: illegal <storage-element-number> argument '41' to 'unload' command   | UnknownElementException
            mtx: illegal <drive-number> argument '2' to 'load' command                | UnknownElementException
            mtx: Invalid source                                                       | UnknownElementException
            mtx: Invalid destination                                                  | UnknownElementException
            mtx: No source specified                                                  | UnknownElementException
            mtx: Drive needs offline before move                                      | MtxMoveFailedException
            mtx: Cleaning Cartridge Installed and Ejected                             | MtxMoveFailedException
            mtx: cannot open SCSI device '/dev/sg4' - No such file or directory       | DeviceException
            mtx: cannot open SCSI device '/dev/sg4' - Permission denied               | DeviceException
            mtx: READ ELEMENT STATUS Command Failed                                   | DeviceException
            mtx: INQUIRY command Failed                                               | DeviceException
            """)
    void eachMtxWordingMapsToItsTypedExceptionAndKeepsTheWords(String line, String type) {
        DeviceException e = failure("", line + "\n");

        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.device()).isEqualTo("/dev/sg4");
        assertThat(e.getMessage())
                .startsWith("/dev/sg4: unload data transfer element 1 into storage element 2: ")
                .contains(line)
                .contains("[mtx exit status 1]");
    }

    @Test
    void theDellNotReadyFailureCarriesItsSenseAndBothNumberings() {
        String fixture = SharedFixtures.hardwareText("mtx-unload-error-not-ready-0412-dell.txt");

        DeviceException e = failure(fixture, "");

        assertThat(e).isInstanceOf(MoveFailedException.class);
        assertThat(((MtxMoveFailedException) e).requestSense()).contains(new MtxRequestSense("Not Ready", 0x04, 0x12));
        assertThat(e.getMessage()).isEqualTo("/dev/sg4: unload data transfer element 1 into storage element 2: "
                + "MOVE MEDIUM from Element Address 257 to 4097 Failed; Request Sense: Not Ready, ASC/ASCQ 04/12 [mtx exit status 1]");
    }

    @Test
    void aRequestSenseBeforeAnUnreachableChangerIsQuotedToo() {
        String stderr = """
                mtx: Request Sense: Long Report=yes
                mtx: Request Sense: Sense Key=Unit Attention
                mtx: Request Sense: Additional Sense Code = 28
                mtx: Request Sense: Additional Sense Qualifier = 00
                mtx: READ ELEMENT STATUS Command Failed
                """;

        DeviceException e = failure("", stderr);

        assertThat(e.getClass()).isEqualTo(DeviceException.class);
        assertThat(e.getMessage()).contains("mtx: READ ELEMENT STATUS Command Failed; Request Sense: Unit Attention, ASC/ASCQ 28/00");
    }

    @Test
    void theLastSenseDumpIsTheOneOfTheFailure() {
        String tandberg = SharedFixtures.hardwareText("mtx-status-tandberg-storageloader-unit-attention.txt");
        String dell = SharedFixtures.hardwareText("mtx-unload-error-not-ready-0412-dell.txt");

        assertThat(MtxRequestSense.lastIn(tandberg)).contains(new MtxRequestSense("Unit Attention", 0x28, 0x00));
        assertThat(MtxRequestSense.lastIn(tandberg + dell)).contains(new MtxRequestSense("Not Ready", 0x04, 0x12));
        assertThat(MtxRequestSense.lastIn("Unloading drive 1 into Storage Element 14...done\n")).isEmpty();
    }

    @Test
    void anUnknownFailureQuotesTheCommandLineAndEverythingMtxPrinted() {
        DeviceException e = failure("", "Usage:\n\tmtx --version\n");

        assertThat(e.getClass()).isEqualTo(DeviceException.class);
        assertThat(e.getMessage()).isEqualTo("/dev/sg4: unload data transfer element 1 into storage element 2: "
                + "`mtx -f /dev/sg4 unload 2 1` exited with status 1: Usage:\n\tmtx --version");
    }

    @Test
    void aFailureWithoutOutputSaysSo() {
        DeviceException e = MtxErrors.forFailure("/dev/sg4", "read the element status",
                new CommandResult(List.of("mtx", "-f", "/dev/sg4", "status"), 139, "", ""));

        assertThat(e.getMessage()).isEqualTo("/dev/sg4: read the element status: `mtx -f /dev/sg4 status` exited with status 139: (no output)");
    }
}
