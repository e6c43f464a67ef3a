package io.tapelib.controller.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.controller.ltfs.VolumeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What was probed survives a restart, and is dropped when the cartridge left or was written elsewhere. */
class KnownVolumesTest {

    @TempDir
    Path workDir;

    private static VolumeSummary blank(String tag) {
        return new VolumeSummary(tag, VolumeKind.BLANK, "", 0, 524288, 1000, 900, "EOD at block 0", false);
    }

    @Test
    void entriesSurviveARestartUntilTheCartridgeLeavesTheLibrary() {
        KnownVolumes known = KnownVolumes.load(workDir);
        known.remember(blank("TL0001L5"), OptionalLong.of(3));
        known.remember(blank("TL0002L5"));

        KnownVolumes restarted = KnownVolumes.load(workDir);
        assertThat(restarted.find("TL0001L5")).contains(blank("TL0001L5"));
        assertThat(restarted.find("TL0002L5")).contains(blank("TL0002L5"));

        restarted.retainOnly(List.of("TL0002L5", "TL0003L5"));
        assertThat(KnownVolumes.load(workDir).find("TL0001L5")).isEmpty();
        assertThat(KnownVolumes.load(workDir).find("TL0002L5")).isPresent();
    }

    @Test
    void anotherVolumeChangeReferenceAtALoadDropsTheEntry() {
        KnownVolumes known = KnownVolumes.load(workDir);
        known.remember(blank("TL0001L5"), OptionalLong.of(3));

        assertThat(known.loaded("TL0001L5", OptionalLong.of(3))).isFalse();
        assertThat(known.find("TL0001L5")).isPresent();
        assertThat(known.loaded("TL0001L5", OptionalLong.of(7))).isTrue();
        assertThat(known.find("TL0001L5")).isEmpty();
        assertThat(KnownVolumes.load(workDir).find("TL0001L5")).isEmpty();
    }

    @Test
    void anUnreadableFileIsReplacedAtTheNextChange() throws Exception {
        Files.writeString(workDir.resolve(KnownVolumes.FILE_NAME), "{torn");
        KnownVolumes known = KnownVolumes.load(workDir);
        assertThat(known.find("TL0001L5")).isEmpty();

        known.remember(blank("TL0001L5"));

        assertThat(KnownVolumes.load(workDir).find("TL0001L5")).isPresent();
    }
}
