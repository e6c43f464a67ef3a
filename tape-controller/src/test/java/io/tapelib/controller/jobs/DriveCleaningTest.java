package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.drive.virtual.CleaningSettings;
import io.tapelib.controller.library.VirtualLibraryConfig;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A virtual drive that asks for cleaning (TapeAlert 21 after its cleaning interval of tape motion) gets the library's
 * cleaning cartridge between two jobs, and the data job after it succeeds; an expired cleaning cartridge is reported.
 * Jobs are index reads of blank cartridges: a load charges the drive 12 s of motion, an exchange 12 s plus the unload's
 * 17 s, so an interval of 20 s trips after the first exchange and not after a plain load.
 */
class DriveCleaningTest {

    private static final String CLEANER = VirtualLibraryConfig.cleaningVolumeTag(1);

    @TempDir
    Path dir;

    @AutoClose
    private VirtualScheduler rig;
    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();


    private void open(int cleaningUses) throws IOException {
        rig = VirtualScheduler.open(dir, VirtualLibraryConfig.msl4048().withTimeScale(0),
                new CleaningSettings(Duration.ofSeconds(20), cleaningUses), jobs);
        library = rig.library();
        scheduler = rig.scheduler();
    }

    private void readIndex(int cartridge) throws Exception {
        scheduler.readIndex(VirtualLibraryConfig.dataVolumeTag(cartridge), MigrationBatches.IGNORE_INDEX).get(1, TimeUnit.MINUTES);
    }

    private List<JobRecord> history() {
        return jobs.newestFirst(100).stream().sorted(Comparator.comparingLong(JobRecord::id)).toList();
    }

    private Element cleanerSlot() {
        return scheduler.inventory().storage().stream()
                .filter(e -> e.volumeTag().filter(CLEANER::equals).isPresent()).findFirst().orElseThrow();
    }

    @Test
    void aDriveAskingForCleaningIsCleanedBetweenTwoJobsAndTheNextDataJobSucceeds() throws Exception {
        open(50);
        int cleanerHome = cleanerSlot().number();
        readIndex(1);
        assertThat(history()).noneMatch(j -> j.type() == JobType.CLEAN);

        readIndex(2);
        readIndex(1);

        List<JobRecord> all = history();
        List<JobType> types = all.stream().map(JobRecord::type).toList();
        assertThat(types).containsSubsequence(JobType.INDEX, JobType.CLEAN, JobType.INDEX);
        JobRecord clean = all.stream().filter(j -> j.type() == JobType.CLEAN).findFirst().orElseThrow();
        assertThat(all.stream().filter(j -> j.type() == JobType.CLEAN)).hasSize(1);
        assertThat(clean.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(clean.volumeTag()).contains(CLEANER);
        List<JobRecord> reads = all.stream().filter(j -> j.type() == JobType.INDEX).toList();
        JobRecord after = reads.get(reads.size() - 1);
        assertThat(after.id()).isGreaterThan(clean.id());
        assertThat(after.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(after.volumeTag()).contains(VirtualLibraryConfig.dataVolumeTag(1));

        assertThat(cleanerSlot().number()).as("the cleaning cartridge is back in its slot").isEqualTo(cleanerHome);
        assertThat(scheduler.cleaning().of(CLEANER).uses()).isEqualTo(1);
        assertThat(scheduler.cleaning().drivesAsking()).isEmpty();
        assertThat(Files.readString(dir.resolve("work").resolve(CleaningLog.FILE_NAME))).contains(CLEANER);
    }

    @Test
    void anExpiredCleaningCartridgeIsReportedAndTheDriveKeepsAskingWhileDataJobsGoOn() throws Exception {
        open(1);
        readIndex(1);
        readIndex(2); // first request: cleaned, the cartridge's only cleaning
        readIndex(1);
        readIndex(2); // second request: the cartridge is worn out

        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.cleaning().of(CLEANER).expired());
        List<JobRecord> cleanings = history().stream().filter(j -> j.type() == JobType.CLEAN).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> history().stream()
                .filter(j -> j.type() == JobType.CLEAN).count() == 3);
        cleanings = history().stream().filter(j -> j.type() == JobType.CLEAN).toList();
        // cleaned; then worn out; then no other cleaning cartridge to try
        assertThat(cleanings).extracting(JobRecord::state)
                .containsExactly(JobState.SUCCEEDED, JobState.FAILED, JobState.FAILED);
        assertThat(cleanings.get(1).error()).hasValueSatisfying(e -> assertThat(e).contains("expired", CLEANER));
        assertThat(cleanings.get(2).error()).hasValueSatisfying(e -> assertThat(e).contains("no usable cleaning"));
        assertThat(scheduler.cleaning().drivesAsking()).containsExactly(0);

        readIndex(1); // no usable cleaning cartridge left: data work goes on
        List<JobRecord> reads = history().stream().filter(j -> j.type() == JobType.INDEX).toList();
        assertThat(reads).hasSize(5).allMatch(j -> j.state() == JobState.SUCCEEDED);
        assertThat(history().stream().filter(j -> j.type() == JobType.CLEAN))
                .as("no new attempt before the library is looked at again").hasSize(3);
    }
}
