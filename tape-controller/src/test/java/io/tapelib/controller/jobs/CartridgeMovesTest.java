package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.tapelib.controller.library.VirtualLibraryConfig.dataVolumeTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Export, import and moves through the import/export elements of a virtual library, as an operator sees them. */
class CartridgeMovesTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @AutoClose
    private VirtualScheduler rig;
    private VirtualLibrary library;
    private DriveScheduler scheduler;
    private final JobHistory jobs = new JobHistory();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() {
        release.countDown();
    }

    /** An MSL4048: storage elements 1..48 (TL0001L5..TL0008L5 in 1..8, CLN001L1 in 48), import/export 49..51. */
    private void open() throws IOException {
        open(VirtualLibraryConfig.msl4048());
    }

    private void open(VirtualLibraryConfig config) throws IOException {
        rig = VirtualScheduler.open(dir, config.withCartridgeCapacityBytes(64 * MIB).withEarlyWarningBytes(MIB)
                .withTimeScale(0), jobs);
        library = rig.library();
        scheduler = rig.scheduler();
    }

    private CartridgeMoves moves() {
        return scheduler.moves();
    }

    private static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(1, TimeUnit.MINUTES);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(1, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the job succeeded");
    }

    private Optional<String> tagAt(ElementType type, int number) {
        Inventory inventory = scheduler.inventory();
        return inventory.all().filter(e -> e.type() == type && e.number() == number).findFirst()
                .orElseThrow().volumeTag();
    }

    @Test
    void exportFromAStorageElementFillsTheFirstFreeMailSlotAndIsAnExportJob() throws Exception {
        open();

        JobRecord job = done(moves().export("TL0003L5", 0));

        assertThat(job.type()).isEqualTo(JobType.EXPORT);
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.volumeTag()).contains("TL0003L5");
        assertThat(job.drive()).isEqualTo(CartridgeMoves.NO_DRIVE);
        assertThat(job.progress().slot()).isEqualTo(3);
        assertThat(job.progress().detail()).isEqualTo("storage element 3 to import/export element 49");
        assertThat(tagAt(ElementType.IMPORT_EXPORT, 49)).contains("TL0003L5");
        assertThat(tagAt(ElementType.STORAGE, 3)).isEmpty();
        assertThat(jobs.newestFirst(1).get(0).id()).isEqualTo(job.id());
    }

    @Test
    void exportToANamedMailSlotAndItsRefusals() throws Exception {
        open();
        done(moves().export("TL0001L5", 51));
        assertThat(tagAt(ElementType.IMPORT_EXPORT, 51)).contains("TL0001L5");

        assertThat(failure(moves().export("TL0002L5", 51))).isInstanceOf(DestinationFullException.class)
                .hasMessageContaining("import/export element 51 holds TL0001L5");
        assertThat(failure(moves().export("TL0002L5", 52))).isInstanceOf(UnknownElementException.class)
                .hasMessageContaining("no import/export element 52");
        assertThat(failure(moves().export("TL0001L5", 0))).isInstanceOf(ElementConflictException.class)
                .hasMessageContaining("already in import/export element 51");
        assertThat(failure(moves().export("NOPE01L5", 0))).isInstanceOf(VolumeNotFoundException.class);
        assertThatThrownBy(() -> moves().export("X".repeat(5000), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 32").hasMessageNotContaining("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
        assertThatThrownBy(() -> moves().export(" ", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> moves().export("TL0002L5", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(tagAt(ElementType.STORAGE, 2)).contains("TL0002L5");
    }

    @Test
    void exportWithEveryMailSlotFullIsRefusedWithTheirContents() throws Exception {
        open();
        for (int n = 1; n <= 3; n++) {
            done(moves().export(dataVolumeTag(n), 0));
        }

        assertThat(failure(moves().export("TL0004L5", 0))).isInstanceOf(DestinationFullException.class)
                .hasMessageContaining("no free import/export element for TL0004L5")
                .hasMessageContaining("49 holds TL0001L5");
        assertThat(jobs.newestFirst(1).get(0)).satisfies(job -> {
            assertThat(job.type()).isEqualTo(JobType.EXPORT);
            assertThat(job.state()).isEqualTo(JobState.FAILED);
        });
        assertThat(tagAt(ElementType.STORAGE, 4)).contains("TL0004L5");
    }

    @Test
    void exportOfACartridgeInADriveWaitsForTheDrivesQueuedJobsThenUnloadsIt() throws Exception {
        open();
        done(scheduler.load(0, "TL0002L5", 0));
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<String> busy = scheduler.onVolume("TL0002L5", JobType.RECALL, (volume, job) -> {
            running.countDown();
            assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
            return volume.volumeTag();
        });
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();

        CompletableFuture<JobRecord> export = moves().export("TL0002L5", 0);

        assertThat(export).isNotDone();
        assertThat(tagAt(ElementType.DATA_TRANSFER, 0)).contains("TL0002L5");
        release.countDown();
        JobRecord job = done(export);
        assertThat(done(busy)).isEqualTo("TL0002L5");
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.drive()).isZero();
        assertThat(job.progress().detail()).isEqualTo("data transfer element 0 to import/export element 49");
        assertThat(tagAt(ElementType.DATA_TRANSFER, 0)).isEmpty();
        assertThat(tagAt(ElementType.IMPORT_EXPORT, 49)).contains("TL0002L5");
        assertThat(tagAt(ElementType.STORAGE, 2)).isEmpty();
        // the drive is free for other work: a load of another cartridge needs no unload first
        JobRecord load = done(scheduler.load(0, "TL0005L5", 0));
        assertThat(load.state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void importBringsEveryMailSlotIntoTheFirstFreeStorageElementsAndNamesThem() throws Exception {
        open();
        done(moves().export("TL0002L5", 0));
        library.insertCartridge("NEW001L5", 51);

        JobRecord job = done(moves().importCartridges(0));

        assertThat(job.type()).isEqualTo(JobType.IMPORT);
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.drive()).isEqualTo(CartridgeMoves.NO_DRIVE);
        assertThat(job.progress().detail())
                .isEqualTo("imported TL0002L5 to storage element 2, NEW001L5 to storage element 9");
        assertThat(job.progress().files()).isEqualTo(2);
        assertThat(tagAt(ElementType.STORAGE, 2)).contains("TL0002L5");
        assertThat(tagAt(ElementType.STORAGE, 9)).contains("NEW001L5");
        assertThat(scheduler.inventory().importExport()).noneMatch(Element::full);
        // the new cartridge is a cartridge like any other: it loads, and it is blank
        assertThat(done(scheduler.load(0, "NEW001L5", 0)).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void importOfOneNamedMailSlotLeavesTheOthers() throws Exception {
        open();
        done(moves().export("TL0001L5", 0));
        done(moves().export("TL0002L5", 0));

        JobRecord job = done(moves().importCartridges(50));

        assertThat(job.volumeTag()).contains("TL0002L5");
        assertThat(job.progress().slot()).isEqualTo(50);
        assertThat(tagAt(ElementType.STORAGE, 1)).contains("TL0002L5");
        assertThat(tagAt(ElementType.IMPORT_EXPORT, 49)).contains("TL0001L5");
        assertThat(failure(moves().importCartridges(50))).isInstanceOf(SourceEmptyException.class)
                .hasMessageContaining("import/export element 50 is empty");
        assertThat(failure(moves().importCartridges(7))).isInstanceOf(UnknownElementException.class);
    }

    @Test
    void importWithoutAFreeStorageElementMovesWhatFitsAndSaysWhatStayed() throws Exception {
        // 4 storage elements, all full, 2 import/export elements
        open(new VirtualLibraryConfig(4, 2, 1, 4, 0, 64 * MIB, MIB, 0));
        done(moves().export("TL0003L5", 0));
        library.insertCartridge("NEW001L5", 6);

        JobRecord partial = done(moves().importCartridges(0));

        assertThat(partial.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(partial.progress().detail()).isEqualTo("imported TL0003L5 to storage element 3;"
                + " no free storage element for NEW001L5 in import/export element 6");
        assertThat(tagAt(ElementType.IMPORT_EXPORT, 6)).contains("NEW001L5");

        Throwable none = failure(moves().importCartridges(0));
        assertThat(none).isInstanceOf(DestinationFullException.class)
                .hasMessageContaining("no free storage element: NEW001L5 in import/export element 6 stayed");
        JobRecord failed = jobs.newestFirst(1).get(0);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.progress().detail()).contains("imported nothing");
    }

    @Test
    void importSkipsTheHomeSlotOfACartridgeInADrive() throws Exception {
        open();
        done(scheduler.load(0, "TL0001L5", 0));
        library.insertCartridge("NEW001L5", 49);

        done(moves().importCartridges(0));

        assertThat(tagAt(ElementType.STORAGE, 9)).contains("NEW001L5");
        assertThat(tagAt(ElementType.STORAGE, 1)).isEmpty();
        assertThat(done(scheduler.unload(0, 0)).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(tagAt(ElementType.STORAGE, 1)).contains("TL0001L5");
    }

    @Test
    void moveBetweenStorageAndMailSlotsAndItsRefusals() throws Exception {
        open();
        ElementRef slot3 = new ElementRef(ElementType.STORAGE, 3);
        ElementRef mail50 = new ElementRef(ElementType.IMPORT_EXPORT, 50);

        JobRecord job = done(moves().move(slot3, mail50));

        assertThat(job.type()).isEqualTo(JobType.MOVE);
        assertThat(job.volumeTag()).contains("TL0003L5");
        assertThat(job.progress().slot()).isEqualTo(3);
        assertThat(tagAt(ElementType.IMPORT_EXPORT, 50)).contains("TL0003L5");

        assertThat(failure(moves().move(slot3, new ElementRef(ElementType.STORAGE, 10))))
                .isInstanceOf(SourceEmptyException.class).hasMessageContaining("storage element 3 is empty");
        assertThat(failure(moves().move(new ElementRef(ElementType.STORAGE, 1), mail50)))
                .isInstanceOf(DestinationFullException.class).hasMessageContaining("holds TL0003L5");
        assertThat(failure(moves().move(new ElementRef(ElementType.STORAGE, 49), mail50)))
                .isInstanceOf(UnknownElementException.class).hasMessageContaining("no storage element 49");
        assertThat(failure(moves().move(new ElementRef(ElementType.IMPORT_EXPORT, 3), slot3)))
                .isInstanceOf(UnknownElementException.class).hasMessageContaining("no import/export element 3");
        assertThatThrownBy(() -> moves().move(new ElementRef(ElementType.DATA_TRANSFER, 0), slot3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from.type DATA_TRANSFER");
        assertThatThrownBy(() -> moves().move(slot3, new ElementRef(null, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to is required");
        assertThatThrownBy(() -> moves().move(slot3, new ElementRef(ElementType.STORAGE, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to.number must be 1 or more");
        assertThatThrownBy(() -> moves().move(slot3, slot3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same element");

        done(scheduler.load(0, "TL0001L5", 0));
        assertThat(failure(moves().move(mail50, new ElementRef(ElementType.STORAGE, 1))))
                .isInstanceOf(ElementConflictException.class).hasMessageContaining("home of a cartridge in a drive");
        done(moves().move(mail50, slot3));
        assertThat(tagAt(ElementType.STORAGE, 3)).contains("TL0003L5");
    }

    @Test
    void aCartridgeWithWorkQueuedForADriveIsNotMovedAwayFromUnderIt() throws Exception {
        open();
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Integer> busy = scheduler.onVolume("TL0001L5", null, (volume, job) -> {
            running.countDown();
            assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
            return volume.drive();
        });
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
        CompletableFuture<String> queued = scheduler.onVolume("TL0002L5", null, (volume, job) -> volume.volumeTag());

        assertThat(failure(moves().move(new ElementRef(ElementType.STORAGE, 2), new ElementRef(ElementType.IMPORT_EXPORT, 49))))
                .isInstanceOf(ElementConflictException.class).hasMessageContaining("TL0002L5 has work queued for drive 0");

        release.countDown();
        assertThat(done(busy)).isZero();
        assertThat(done(queued)).isEqualTo("TL0002L5");
    }

    @Test
    void libraryListenersSeeEachElementChangeOnce() throws Exception {
        open();
        List<Inventory> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable listening = jobs.listenLibrary(seen::add)) {
            done(moves().export("TL0004L5", 0));
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).importExport().get(0).volumeTag()).contains("TL0004L5");

            scheduler.inventory();
            assertThat(seen).as("an inventory that found nothing new tells nobody").hasSize(1);

            library.insertCartridge("NEW001L5", 50);
            scheduler.inventory();
            assertThat(seen).as("an inventory that found the operator's cartridge").hasSize(2);
            assertThat(seen.get(1).importExport().get(1).volumeTag()).contains("NEW001L5");

            done(scheduler.load(0, "TL0001L5", 0));
            done(scheduler.unload(0, 0));
            assertThat(seen).hasSize(4);
            assertThat(seen.get(2).dataTransfer().get(0).volumeTag()).contains("TL0001L5");
            assertThat(seen.get(3).dataTransfer().get(0).full()).isFalse();
        }
    }
}
