package io.tapelib.controller.drive.st;

import io.tapelib.controller.drive.TapeAlerts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TapeAlert page as sg_logs prints it. No real drive's output of page 0x2e is in shared/fixtures, so these
 * inputs are written in the two shapes sg3_utils releases print: names only, and names with the parameter code.
 */
class SgLogsTapeAlertParserTest {

    private final SgLogsTapeAlertParser parser = new SgLogsTapeAlertParser();

    @Test
    void aDriveDueForCleaningSetsFlag21ByName() {
        TapeAlerts alerts = parser.parse("""
                    HP        Ultrium 5-SCSI    Z6IE
                Tape alert page (ssc-3) [0x2e]
                  Read warning: 0
                  Write warning: 0
                  Hard error: 0
                  Cleaning required: 0
                  Cleaning requested: 1
                  Expired cleaning media: 0
                  Invalid cleaning tape: 0
                """);
        assertThat(alerts.flags()).containsExactly(TapeAlerts.CLEAN_PERIODIC);
        assertThat(alerts.cleaningRequested()).isTrue();
        assertThat(alerts.cleaningMediaExpired()).isFalse();
    }

    @Test
    void flagsWithTheirParameterCodesAreReadByCode() {
        TapeAlerts alerts = parser.parse("""
                Tape alert page (ssc-3) [0x2e]
                  Media [0x4]: 1
                  Clean now [0x14]: 1
                  Clean periodic [0x15]: 0
                  Expired cleaning media [0x16]: 1
                """);
        assertThat(alerts.flags()).containsExactlyInAnyOrder(4, TapeAlerts.CLEAN_NOW, TapeAlerts.EXPIRED_CLEANING_MEDIA);
        assertThat(alerts.cleaningMediaExpired()).isTrue();
    }

    @Test
    void aPageWithNoFlagSetIsNone() {
        assertThat(parser.parse("Tape alert page (ssc-3) [0x2e]\n  Clean now: 0\n  Clean periodic: 0\n"))
                .isEqualTo(TapeAlerts.NONE);
    }

    @Test
    void outputWithoutATapeAlertPageIsRefusedQuotingIt() {
        assertThatThrownBy(() -> parser.parse("Sequential access device page (ssc-3)\n  Cleaning action required\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no TapeAlert page").hasMessageContaining("Sequential access");
    }
}
