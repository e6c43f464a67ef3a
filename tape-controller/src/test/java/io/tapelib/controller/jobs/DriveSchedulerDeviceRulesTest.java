package io.tapelib.controller.jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.changer.MoveFailedException;
import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.config.FixedTapeSettings;
import io.tapelib.controller.device.CleaningCartridgeException;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operational rules of sites that run real libraries, as the scheduler applies them to the devices: every
 * device call is recorded in order and checked.
 */
class DriveSchedulerDeviceRulesTest {

    @TempDir
    Path dir;

    private VirtualLibrary library;
    private DriveScheduler scheduler;
    /** Device calls in order: {@code changer.load(1, 0)}, {@code drive0.unload()} ... */
    private final List<String> calls = new CopyOnWriteArrayList<>();
    /** Number of the next robot moves to fail with a robot error. */
    private final AtomicInteger failingMoves = new AtomicInteger();

    @BeforeEach
    void open() throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"), VirtualLibraryConfig.msl4048().withDrives(2)
                .withCartridgeCapacityBytes(64L * 1024 * 1024).withTimeScale(0));
        TreeMap<Integer, TapeDrive> drives = new TreeMap<>();
        drives.put(0, recorded(TapeDrive.class, library.drives().get(0), "drive0"));
        drives.put(1, recorded(TapeDrive.class, library.drives().get(1), "drive1"));
        MediumChanger changer = recorded(MediumChanger.class, library.changer(), "changer");
        scheduler = new DriveScheduler(new LibraryDevices("virtual", changer, drives), new JobHistory(),
                new SimpleMeterRegistry(), FixedTapeSettings.virtual(Path.of("target"), java.time.Duration.ofMinutes(5)));
        calls.clear();
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.shutdown();
        }
        if (library != null) {
            library.close();
        }
    }

    @Test
    void theDriveIsTakenOfflineBeforeTheRobotMovesItsCartridge() throws Exception {
        scheduler.load(1, "TL0003L5", 0).get(1, TimeUnit.MINUTES);
        calls.clear();

        scheduler.unload(1, 0).get(1, TimeUnit.MINUTES);

        assertThat(calls).containsSubsequence("drive1.unload()", "changer.unload(1, 3)");
        assertThat(calls.indexOf("drive1.unload()")).isLessThan(calls.indexOf("changer.unload(1, 3)"));
        assertThat(library.changer().inventory().storage().get(2).volumeTag()).contains("TL0003L5");
    }

    @Test
    void swappingCartridgesUnloadsTheDriveBeforeTheRobotTakesTheOldOne() throws Exception {
        scheduler.load(0, "TL0001L5", 0).get(1, TimeUnit.MINUTES);
        scheduler.load(1, "TL0002L5", 0).get(1, TimeUnit.MINUTES);
        calls.clear();

        // both drives are busy with other cartridges: one of them must give its cartridge back first
        scheduler.onVolume("TL0005L5", null, (volume, job) -> volume.drive()).get(1, TimeUnit.MINUTES);

        int unloadCall = calls.indexOf(calls.stream().filter(c -> c.startsWith("changer.unload(")).findFirst().orElseThrow());
        String drive = calls.get(unloadCall).substring("changer.unload(".length(), "changer.unload(".length() + 1);
        assertThat(calls.subList(0, unloadCall)).contains("drive" + drive + ".unload()");
        assertThat(calls.subList(unloadCall, calls.size())).contains("changer.load(5, " + drive + ")");
    }

    @Test
    void afterARobotErrorTheChangerIsReadAgainBeforeTheNextMove() throws Exception {
        scheduler.load(0, "TL0001L5", 0).get(1, TimeUnit.MINUTES);
        failingMoves.set(1);
        calls.clear();

        assertThatThrownBy(() -> scheduler.unload(0, 0).get(1, TimeUnit.MINUTES))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(MoveFailedException.class)
                .hasMessageContaining("MOVE MEDIUM from Element Address 1 to 1001 Failed");
        calls.clear();

        scheduler.unload(0, 0).get(1, TimeUnit.MINUTES);

        int move = calls.indexOf("changer.unload(0, 1)");
        assertThat(move).isPositive();
        assertThat(calls.subList(0, move)).contains("changer.inventory()");
        assertThat(library.changer().inventory().storage().get(0).volumeTag()).contains("TL0001L5");

        // the error was answered by one re-read: the next move goes straight to the robot (the read after it is the
        // element state every move sends to the library watchers)
        calls.clear();
        scheduler.load(0, null, 2).get(1, TimeUnit.MINUTES);
        // (then, after the job, the drive's TapeAlert flags are read: does it ask for cleaning?)
        assertThat(calls).containsExactly("changer.inventory()", "changer.load(2, 0)", "changer.inventory()",
                "drive0.load()", "drive0.tapeAlerts()");
    }

    @Test
    void aCleaningCartridgeIsNeverLoadedForData() {
        assertThatThrownBy(() -> scheduler.load(0, "CLN001L1", 0).get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(CleaningCartridgeException.class).hasMessageContaining("CLN001L1 is a cleaning cartridge");
        assertThatThrownBy(() -> scheduler.load(0, null, 48).get(1, TimeUnit.MINUTES))
                .hasCauseInstanceOf(CleaningCartridgeException.class);
        assertThatThrownBy(() -> scheduler.onVolume("CLN001L1", JobType.INDEX, (volume, job) -> volume.drive())
                .get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(CleaningCartridgeException.class);

        assertThat(calls).noneMatch(c -> c.startsWith("changer.load") || c.endsWith(".load()"));
        assertThat(library.changer().inventory().storage().get(47).volumeTag()).contains("CLN001L1");
    }

    /** A proxy that records each call as {@code name.method(args)} and fails robot moves while told to. */
    @SuppressWarnings("unchecked")
    private <T> T recorded(Class<T> port, T target, String name) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[]{port}, (proxy, method, args) -> {
            String call = name + "." + method.getName() + "(" + (args == null ? "" : String.join(", ",
                    Arrays.stream(args).map(String::valueOf).toList())) + ")";
            boolean move = port == MediumChanger.class && !method.getName().equals("inventory");
            if (move && failingMoves.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                calls.add(call + " failed");
                throw new MoveFailedException("/dev/sg1", "MOVE MEDIUM from Element Address 1 to 1001 Failed");
            }
            calls.add(call);
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
