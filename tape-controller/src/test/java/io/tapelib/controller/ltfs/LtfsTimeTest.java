package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LtfsTimeTest {

    @Test
    void readsWhatTheJdkReadsForEveryFractionLength() {
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            Instant time = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            String written = LtfsTime.format(time);
            int digits = random.nextInt(10);
            String text = digits == 0 ? written.substring(0, 19) + "Z" : written.substring(0, 20 + digits) + "Z";
            assertThat(LtfsTime.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void roundTripsNineDigits() {
        Instant time = Instant.parse("2026-11-23T00:27:02.041956530Z");
        assertThat(LtfsTime.parse(LtfsTime.format(time))).isEqualTo(time);
        assertThat(LtfsTime.parse(" 0000-01-01T00:00:00Z\n")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void leavesHour24AndLeapSecondsToTheIsoRules() {
        assertThat(LtfsTime.parse("2016-12-31T23:59:60Z")).isEqualTo(Instant.parse("2016-12-31T23:59:60Z"));
    }

    @Test
    void refusesOtherShapesAndDatesThatDoNotExist() {
        for (String text : new String[] {"2026-11-23T00:27:02.Z", "2026-11-23T00:27:02.0419565301Z",
                "2026-11-23 00:27:02Z", "2026-11-23T00:27:02", "26-11-23T00:27:02Z", "2026-11-23T00:27:02+01:00",
                "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-1a-01T00:00:00Z", ""}) {
            assertThatThrownBy(() -> LtfsTime.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
