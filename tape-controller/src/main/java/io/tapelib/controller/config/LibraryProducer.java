package io.tapelib.controller.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.mtx.MtxMediumChanger;
import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.command.ProcessCommandRunner;
import io.tapelib.controller.device.ownership.DeviceOwnership;
import io.tapelib.controller.device.ownership.ProcessTable;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.st.StTapeDrive;
import io.tapelib.controller.drive.virtual.CleaningSettings;
import io.tapelib.controller.library.DriveTimings;
import io.tapelib.controller.library.LibraryInUseException;
import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.library.VirtualLibraryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Opens the tape library named by {@code TAPE_CHANGER} once per process and closes it at shutdown: a virtual
 * library under its directory's lock file (see {@link VirtualLibrary}), or a real medium changer and the drives of
 * {@code TAPE_DRIVES}, each device owned exclusively (see {@link DeviceOwnership}).
 */
@ApplicationScoped
public class LibraryProducer {

    private static final Logger LOG = Logger.getLogger(LibraryProducer.class);

    private final TapeSettings tape;
    private final VirtualLibrarySettings virtual;
    private final DeviceTimeouts timeouts;

    public LibraryProducer(TapeSettings tape, VirtualLibrarySettings virtual, DeviceTimeouts timeouts) {
        this.tape = tape;
        this.virtual = virtual;
        this.timeouts = timeouts;
    }

    /**
     * The open library with what it holds.
     *
     * @throws UnsupportedChangerException  {@code TAPE_CHANGER} is malformed, or a real changer has no {@code TAPE_DRIVES}
     * @throws InvalidDriveMappingException {@code TAPE_DRIVES} is malformed
     * @throws LibraryInUseException        another process holds the virtual library
     * @throws io.tapelib.controller.device.DeviceBusyException another process holds a device; the message names it
     * @throws io.tapelib.controller.device.DeviceException     a device is missing, not accessible, or does not answer,
     *                                      in the device's own words
     * @throws UncheckedIOException         the library directory cannot be read or created
     */
    @Produces
    @Singleton
    OpenLibrary openLibrary() {
        ChangerAddress address = ChangerAddress.parse(tape.changer());
        if (address.isVirtual()) {
            return openVirtual(address.virtualLibraryDirectory().orElseThrow());
        }
        return openReal(address.device().orElseThrow());
    }

    /**
     * The devices of the open library, for the scheduler; a virtual library's simulated seconds become a gauge
     * ({@link SimulatedTimeGauge}) once the scheduler takes them.
     */
    @Produces
    @Singleton
    LibraryDevices devices(OpenLibrary open, MeterRegistry meters) {
        SimulatedTimeGauge.register(open, meters);
        return open.devices();
    }

    /** What the library's robot and drives take: a virtual library's timing model, else LTO-5 in real time. */
    @Produces
    @Singleton
    DriveTimings timings(OpenLibrary open) {
        return open.timing().map(DriveTimings::of).orElse(DriveTimings.LTO5);
    }

    void close(@Disposes OpenLibrary open) {
        open.close();
    }

    private OpenLibrary openVirtual(Path dir) {
        try {
            VirtualLibrary library = VirtualLibrary.open(dir, virtualConfig(),
                    new CleaningSettings(virtual.cleaningInterval(), virtual.cleaningUses()));
            LOG.infof("opened virtual tape library %s: %d drive(s)", dir, library.drives().size());
            LibraryDevices devices = new LibraryDevices(tape.changer(), library.changer(), library.drives());
            return new OpenLibrary(devices, Optional.of(library.timing()), List.of(library));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the virtual tape library " + dir + ": " + e.getMessage(), e);
        }
    }

    private OpenLibrary openReal(Path changerDevice) {
        DriveMapping mapping = DriveMapping.parse(tape.drives().orElse(List.of()));
        if (mapping.isEmpty()) {
            throw new UnsupportedChangerException("TAPE_CHANGER=" + changerDevice + " names a real medium changer but"
                    + " TAPE_DRIVES is not set; map the changer's data transfer elements to st devices, e.g."
                    + " TAPE_DRIVES=0=/dev/st0,1=/dev/st1 (run 'tape-controller doctor' to see both)");
        }
        List<AutoCloseable> held = new ArrayList<>();
        try {
            held.add(DeviceOwnership.acquire(changerDevice, ProcessTable.system()));
            MtxMediumChanger changer = new MtxMediumChanger(changerDevice.toString(), new ProcessCommandRunner(),
                    timeouts.changerStatusTimeout(), timeouts.changerMoveTimeout());
            Inventory inventory;
            try {
                inventory = changer.inventory();
            } catch (DeviceException e) {
                throw new DeviceException(changerDevice.toString(), "the medium changer does not answer 'mtx -f "
                        + changerDevice + " status': " + e.getMessage(), e);
            }
            List<Integer> elements = inventory.dataTransfer().stream().map(Element::number).toList();
            SortedMap<Integer, TapeDrive> drives = new TreeMap<>();
            for (Map.Entry<Integer, Path> entry : mapping.devices().entrySet()) {
                if (!elements.contains(entry.getKey())) {
                    throw new InvalidDriveMappingException("TAPE_DRIVES=" + mapping + " maps data transfer element "
                            + entry.getKey() + ", but " + changerDevice + " has " + elements.size() + " drive(s)"
                            + (elements.isEmpty() ? "" : " (elements " + elements.stream().map(String::valueOf)
                            .collect(Collectors.joining(", ")) + " in 'mtx status')"));
                }
                StTapeDrive drive = openDrive(entry.getValue(), timeouts.onlineTimeout());
                held.add(drive);
                drives.put(entry.getKey(), drive);
            }
            LOG.infof("opened medium changer %s (%d drive(s), %d storage element(s), %d import/export element(s));"
                            + " drives %s", changerDevice, inventory.dataTransfer().size(), inventory.storage().size(),
                    inventory.importExport().size(), mapping);
            return new OpenLibrary(new LibraryDevices(changerDevice + " " + mapping, changer, drives), Optional.empty(),
                    held);
        } catch (RuntimeException e) {
            try {
                closeAll(held);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Opens one drive's st device (its non-rewinding node), exclusively.
     *
     * @throws DeviceBusyException another process holds the drive; the message names it
     * @throws DeviceException     the path is not a st device, or the driver refused it, in its own words
     */
    static StTapeDrive openDrive(Path stDevice, Duration onlineTimeout) {
        try {
            return StTapeDrive.open(stDevice.toString(), onlineTimeout);
        } catch (DeviceBusyException e) {
            // the st driver admits one opener and says only EBUSY: name who it is
            String words = e.getMessage().substring(Math.min(e.getMessage().length(), e.device().length() + 2))
                    .replace(": device in use by another process", "");
            throw DeviceOwnership.inUse(Path.of(StTapeDrive.nonRewindingNode(stDevice.toString())),
                    ProcessTable.system(), words);
        }
    }

    private VirtualLibraryConfig virtualConfig() {
        return virtual.toConfig();
    }

    /** Closes in reverse order of opening; every resource is closed even when one fails. */
    private static void closeAll(List<AutoCloseable> resources) {
        RuntimeException first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * A library opened with everything it holds; closing releases those in reverse order (drives and changer before
     * the locks that guard them).
     *
     * @param devices   the changer and drives
     * @param timing    the timing model a virtual library charges; empty for real hardware
     * @param resources what was opened or locked, in opening order
     */
    public record OpenLibrary(LibraryDevices devices, Optional<TimingModel> timing, List<AutoCloseable> resources)
            implements AutoCloseable {
        public OpenLibrary {
            resources = List.copyOf(resources);
        }

        @Override
        public void close() {
            closeAll(resources);
        }
    }
}
