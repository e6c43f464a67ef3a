package io.tapelib.controller.drive.st;

import io.tapelib.controller.fixtures.SharedFixtures;

import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.drive.PartitionCapacity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SgLogsTapeCapacityParserTest {

    private final SgLogsTapeCapacityParser parser = new SgLogsTapeCapacityParser();

    @Test
    void anHpUltrium7WithOnePartition() {
        TapeCapacityPage page = parser.parse(SharedFixtures.hardwareText("sg_logs-p31-tape-capacity-hp-ultrium7.txt"));

        assertThat(page).isEqualTo(new TapeCapacityPage(265_719, 0, 5_722_045, 0));
        assertThat(page.partitionCount()).isEqualTo(1);
        assertThat(page.capacity("/dev/nst0", 0, 100)).isEqualTo(
                new PartitionCapacity(5_722_045L * 1024 * 1024, 265_719L * 1024 * 1024, 100));
        assertThatThrownBy(() -> page.capacity("/dev/nst0", 1, 100)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("/dev/nst0").hasMessageContaining("1 partition");
    }

    @Test
    void anLtfsCartridgeHasASmallMainAndALargeAlternatePartition() {
        String ibm = """
                Tape capacity page  (IBM specific) [0x31]
                  Main partition remaining capacity (in MiB): 35043
                  Alternate partition remaining capacity (in MiB): 2175076
                  Main partition maximum capacity (in MiB): 35060
                  Alternate partition maximum capacity (in MiB): 2314062
                """;

        TapeCapacityPage page = parser.parse(ibm);

        assertThat(page.partitionCount()).isEqualTo(2);
        assertThat(page.capacity("d", 1, 0)).isEqualTo(
                new PartitionCapacity(2_314_062L * 1024 * 1024, 2_175_076L * 1024 * 1024, 0));
    }

    @Test
    void aPageWithoutTheFourFiguresIsRefusedWithWhatWasPrinted() {
        assertThatThrownBy(() -> parser.parse(SharedFixtures.hardwareText("sg_logs-supported-hp-ultrium7.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("main remaining capacity").hasMessageContaining("Supported log pages");
    }
}
