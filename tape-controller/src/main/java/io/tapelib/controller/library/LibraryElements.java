package io.tapelib.controller.library;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.MoveFailedException;
import io.tapelib.controller.changer.SourceEmptyException;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.device.CleaningCartridgeException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.MediumNotPresentException;
import io.tapelib.controller.library.StoredLibrary.StoredDrive;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The element state of a virtual library: which cartridge is in which storage element, import/export
 * element and data transfer element, each drive's source slot, and whether a drive has its cartridge
 * threaded. One monitor (this object) guards it; the changer and the drives share it. Every change is
 * written atomically to {@code library.json} before it is acknowledged, so a reopened library sees the
 * same elements.
 *
 * <p>Slots are addressed by mtx ordinal: storage elements 1..storageSlots, then import/export elements.
 * Drives by data transfer element number from 0. Internally every element also has the SCSI element address of an
 * MSL library ({@link ElementAddresses}); error messages give both, as mtx does. What each element holds and the
 * rules of a move are {@link ElementTable}'s; this class records them and raises the unit attentions.
 *
 * <p>Like a real library, the changer answers the first command after power-up (the library was opened) and the
 * first after an operator placed a cartridge with {@link UnitAttentionException} (UNIT ATTENTION 28/00) instead of
 * executing it; the changer port retries.
 *
 * <p>An operator reaches the import/export elements while the library runs: the {@code insert} and {@code eject}
 * commands ({@link MailSlots}) rewrite {@code library.json} from another process. Every changer command therefore
 * takes the state file's lock ({@link LibraryStateFile}), reads the file again when another process wrote it since,
 * takes its import/export elements from it (the only elements an operator's hand reaches) with a UNIT ATTENTION, as a
 * library that noticed its mail slot opened, and writes its own change under the same lock: no update is lost.
 */
public final class LibraryElements {

    /** The name the changer reports errors under. */
    public static final String CHANGER_DEVICE = "virtual:changer";

    private static final Logger LOG = Logger.getLogger(LibraryElements.class);

    private final LibraryStateFile stateFile;
    /** The generation of {@code library.json} this state was read from or last wrote. */
    private long generation;
    private final ElementTable table;
    /** A pending UNIT ATTENTION for the changer: set at power-up and when an operator changed the media. */
    private boolean unitAttention = true;
    private boolean closed;

    private LibraryElements(Path stateFile, StoredLibrary stored) {
        this.stateFile = new LibraryStateFile(stateFile);
        this.generation = stored.generation();
        this.table = new ElementTable(stored);
    }

    /**
     * A new library of the configured geometry with cartridges in the given slots, recorded in one write.
     *
     * @param initialSlots volume tag by slot ordinal
     * @throws IOException when the state file cannot be written
     */
    static LibraryElements create(Path stateFile, VirtualLibraryConfig config, Map<Integer, String> initialSlots)
            throws IOException {
        List<String> storage = new ArrayList<>();
        List<String> importExport = new ArrayList<>();
        List<StoredDrive> drives = new ArrayList<>();
        IntStream.rangeClosed(1, config.storageSlots()).forEach(slot -> storage.add(initialSlots.get(slot)));
        IntStream.rangeClosed(1, config.importExportSlots())
                .forEach(i -> importExport.add(initialSlots.get(config.storageSlots() + i)));
        IntStream.range(0, config.drives()).forEach(i -> drives.add(new StoredDrive(null, null)));
        LibraryElements elements = new LibraryElements(stateFile,
                new StoredLibrary(config.storageSlots(), config.importExportSlots(), storage, importExport, drives, 0));
        try (LibraryStateFile.Held lock = elements.stateFile.lock()) {
            elements.persist();
        }
        return elements;
    }

    /**
     * Reads the element state a library left behind.
     *
     * @throws IOException when the file cannot be read or does not describe a library
     */
    static LibraryElements load(Path stateFile) throws IOException {
        LibraryStateFile file = new LibraryStateFile(stateFile);
        try (LibraryStateFile.Held lock = file.lock()) {
            return new LibraryElements(stateFile, file.read());
        }
    }

    /** Number of storage elements. */
    public int storageSlots() {
        return table.storageSlots();
    }

    /** Number of import/export elements. */
    public int importExportSlots() {
        return table.importExportSlots();
    }

    /** Number of data transfer elements. */
    public int driveCount() {
        return table.driveCount();
    }

    /** The element addresses of this library. */
    public ElementAddresses addresses() {
        return table.addresses();
    }

    /**
     * A READ ELEMENT STATUS of every element as the device answers it: data transfer elements, then storage, then
     * import/export elements, each in address order, volume tags padded to {@value ElementStatus#VOLUME_TAG_FIELD}
     * characters.
     *
     * @throws UnitAttentionException a unit attention condition was pending (now cleared); nothing was read
     */
    public synchronized List<ElementStatus> readElementStatus() {
        return underStateLock(() -> {
            checkOpen(CHANGER_DEVICE);
            checkUnitAttention();
            return table.status();
        });
    }

    /**
     * Moves a cartridge from a storage or import/export element into a drive and records the source slot.
     *
     * @throws UnknownElementException  no such slot or drive
     * @throws SourceEmptyException     the slot is empty
     * @throws DestinationFullException the drive holds a cartridge
     * @throws MoveFailedException      the new state could not be recorded (nothing moved)
     */
    public synchronized void moveSlotToDrive(int slot, int drive) {
        changerCommand(() -> table.moveSlotToDrive(slot, drive));
    }

    /**
     * Moves the cartridge of a drive whose cartridge is no longer threaded back to a slot.
     *
     * @throws UnknownElementException  no such slot or drive
     * @throws SourceEmptyException     the drive is empty
     * @throws MoveFailedException      the drive still has its cartridge threaded (medium removal
     *                                  prevented), or the new state could not be recorded
     * @throws DestinationFullException the slot is full
     */
    public synchronized void moveDriveToSlot(int drive, int slot) {
        changerCommand(() -> table.moveDriveToSlot(drive, slot));
    }

    /**
     * Moves a cartridge between two storage or import/export elements.
     *
     * @throws UnknownElementException  no such slot
     * @throws SourceEmptyException     the source is empty
     * @throws DestinationFullException the destination is full (also when both are the same slot)
     * @throws MoveFailedException      the new state could not be recorded (nothing moved)
     */
    public synchronized void moveSlotToSlot(int from, int to) {
        changerCommand(() -> table.moveSlotToSlot(from, to));
    }

    /**
     * Places a cartridge that is not yet in the library into an empty slot (an operator's hand, not the robot).
     *
     * @throws UnknownElementException  no such slot
     * @throws DestinationFullException the slot is full
     * @throws IllegalArgumentException the volume tag is already in the library
     * @throws MoveFailedException      the new state could not be recorded
     */
    public synchronized void place(String volumeTag, int slot) {
        underStateLock(() -> {
            checkOpen(CHANGER_DEVICE);
            persistOrRevert(table.place(volumeTag, slot));
            // the operator opened the mail slot or a magazine: the library re-scans and tells its initiator
            unitAttention = true;
            return null;
        });
    }

    /**
     * Checks that {@link #place} would accept the cartridge, without placing it.
     *
     * @throws UnknownElementException  no such slot
     * @throws DestinationFullException the slot is full
     * @throws IllegalArgumentException the volume tag is already in the library
     */
    public synchronized void checkPlaceable(String volumeTag, int slot) {
        checkOpen(CHANGER_DEVICE);
        table.checkPlaceable(volumeTag, slot);
    }

    /** Where a cartridge is, in words ("storage element 3", "data transfer element 0"); empty when not in the library. */
    public synchronized Optional<String> location(String volumeTag) {
        return table.location(volumeTag);
    }

    /** Whether the cartridge sits in a data transfer element. */
    public synchronized boolean isInDrive(String volumeTag) {
        return table.isInDrive(volumeTag);
    }

    /** Every volume tag in the library. */
    public synchronized List<String> volumeTags() {
        return table.volumeTags();
    }

    /**
     * Marks the cartridge in a drive as threaded, so the robot may not take it.
     *
     * @param device the drive's name, for error messages
     * @return the volume tag of the threaded cartridge
     * @throws DeviceException            the library was closed
     * @throws MediumNotPresentException  the drive holds no cartridge
     * @throws CleaningCartridgeException the drive holds a cleaning cartridge
     */
    public synchronized String thread(int drive, String device) {
        checkOpen(device);
        return table.thread(drive, device);
    }

    /** Marks a drive's cartridge as unthreaded: the robot may take it. */
    public synchronized void unthread(int drive) {
        table.unthread(drive);
    }

    /** The cartridge in a drive, threaded or not. */
    public synchronized Optional<String> cartridgeIn(int drive) {
        return table.cartridgeIn(drive);
    }

    /** Stops accepting operations; later calls throw a {@link DeviceException}. */
    public synchronized void close() {
        closed = true;
    }

    /**
     * Throws unless the library is open.
     *
     * @throws DeviceException the library was closed
     */
    public synchronized void checkOpen(String device) {
        if (closed) {
            throw new DeviceException(device, "the virtual library is closed");
        }
    }

    /**
     * Reports a pending unit attention condition once, clearing it.
     *
     * @throws UnitAttentionException the condition was pending
     */
    private void checkUnitAttention() {
        if (unitAttention) {
            unitAttention = false;
            throw new UnitAttentionException(CHANGER_DEVICE,
                    "UNIT ATTENTION, 28/00 NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED");
        }
    }

    /** A robot's move under the state lock, after any unit attention: made in the table, then recorded or undone. */
    private void changerCommand(Supplier<Runnable> move) {
        underStateLock(() -> {
            checkOpen(CHANGER_DEVICE);
            checkUnitAttention();
            persistOrRevert(move.get());
            return null;
        });
    }

    /**
     * Runs a changer command under the state file's lock, on the state as the file holds it: when another process
     * (an operator's {@code insert} or {@code eject}) wrote it since, its import/export elements are taken over and a
     * UNIT ATTENTION is raised, as a library raises one after its mail slot was opened.
     *
     * @throws MoveFailedException the lock cannot be taken or the file cannot be read (nothing done)
     */
    private <T> T underStateLock(Supplier<T> command) {
        checkOpen(CHANGER_DEVICE);
        try (LibraryStateFile.Held lock = stateFile.lock()) {
            refresh();
            return command.get();
        } catch (IOException e) {
            throw new MoveFailedException(CHANGER_DEVICE, "cannot read the element state " + stateFile.path()
                    + ", nothing done: " + e.getMessage());
        }
    }

    private void refresh() throws IOException {
        StoredLibrary stored = stateFile.read();
        if (stored.generation() == generation) {
            return;
        }
        List<String> before = table.importExport();
        table.replaceImportExport(stored.importExport());
        generation = stored.generation();
        unitAttention = true;
        LOG.infof("%s: an operator changed the import/export elements: %s, now %s", CHANGER_DEVICE, before,
                stored.importExport());
    }

    private void persistOrRevert(Runnable revert) {
        try {
            persist();
        } catch (IOException e) {
            revert.run();
            throw new MoveFailedException(CHANGER_DEVICE, "cannot record the element state in " + stateFile
                    + ", nothing moved: " + e);
        }
    }

    private void persist() throws IOException {
        StoredLibrary stored = table.stored(generation + 1);
        stateFile.write(stored);
        generation = stored.generation();
    }
}
