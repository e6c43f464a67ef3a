package io.tapelib.controller.library;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
 * MSL library ({@link ElementAddresses}); error messages give both, as mtx does.
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
    private final int storageSlots;
    /** Index ordinal - 1: storage slots first, then import/export slots; null when empty. */
    private final String[] slots;
    private final String[] drives;
    private final Integer[] sourceSlots;
    /** Not persisted: a restarted library's drives have lost their threading, as after a power cycle. */
    private final boolean[] threaded;
    private final ElementAddresses addresses;
    private final ElementSense sense;
    /** A pending UNIT ATTENTION for the changer: set at power-up and when an operator changed the media. */
    private boolean unitAttention = true;
    private boolean closed;

    private LibraryElements(Path stateFile, StoredLibrary stored) {
        this.stateFile = new LibraryStateFile(stateFile);
        this.generation = stored.generation();
        this.storageSlots = stored.storageSlots();
        this.slots = new String[stored.storageSlots() + stored.importExportSlots()];
        for (int i = 0; i < stored.storage().size(); i++) {
            slots[i] = stored.storage().get(i);
        }
        for (int i = 0; i < stored.importExport().size(); i++) {
            slots[storageSlots + i] = stored.importExport().get(i);
        }
        this.drives = new String[stored.drives().size()];
        this.sourceSlots = new Integer[drives.length];
        for (int i = 0; i < drives.length; i++) {
            drives[i] = stored.drives().get(i).volumeTag();
            sourceSlots[i] = stored.drives().get(i).sourceSlot();
        }
        this.threaded = new boolean[drives.length];
        this.addresses = ElementAddresses.msl(storageSlots);
        this.sense = new ElementSense(addresses, storageSlots, slots.length, drives.length);
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
        return storageSlots;
    }

    /** Number of import/export elements. */
    public int importExportSlots() {
        return slots.length - storageSlots;
    }

    /** Number of data transfer elements. */
    public int driveCount() {
        return drives.length;
    }

    /** The element addresses of this library. */
    public ElementAddresses addresses() {
        return addresses;
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
            List<ElementStatus> status = new ArrayList<>();
            for (int d = 0; d < drives.length; d++) {
                status.add(new ElementStatus(ElementType.DATA_TRANSFER, addresses.dataTransfer(d), drives[d] != null,
                        ElementStatus.pad(drives[d]),
                        sourceSlots[d] == null ? OptionalInt.empty() : OptionalInt.of(addresses.slot(sourceSlots[d]))));
            }
            for (int i = 0; i < slots.length; i++) {
                ElementType type = i < storageSlots ? ElementType.STORAGE : ElementType.IMPORT_EXPORT;
                status.add(new ElementStatus(type, addresses.slot(i + 1), slots[i] != null, ElementStatus.pad(slots[i]),
                        OptionalInt.empty()));
            }
            return status;
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
        underStateLock(() -> {
            checkOpen(CHANGER_DEVICE);
            checkUnitAttention();
            sense.requireSlot(slot);
            sense.requireDrive(drive);
            String tag = requireSlotFull(slot);
            if (drives[drive] != null) {
                throw sense.driveFull(drive, drives[drive]);
            }
            slots[slot - 1] = null;
            drives[drive] = tag;
            sourceSlots[drive] = slot;
            persistOrRevert(() -> {
                drives[drive] = null;
                sourceSlots[drive] = null;
                slots[slot - 1] = tag;
            });
            return null;
        });
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
        underStateLock(() -> {
            checkOpen(CHANGER_DEVICE);
            checkUnitAttention();
            sense.requireDrive(drive);
            sense.requireSlot(slot);
            String tag = drives[drive];
            if (tag == null) {
                throw sense.driveEmpty(drive);
            }
            if (threaded[drive]) {
                throw sense.removalPrevented(drive, tag);
            }
            requireSlotEmpty(slot);
            Integer source = sourceSlots[drive];
            drives[drive] = null;
            sourceSlots[drive] = null;
            slots[slot - 1] = tag;
            persistOrRevert(() -> {
                slots[slot - 1] = null;
                drives[drive] = tag;
                sourceSlots[drive] = source;
            });
            return null;
        });
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
        underStateLock(() -> {
            checkOpen(CHANGER_DEVICE);
            checkUnitAttention();
            sense.requireSlot(from);
            sense.requireSlot(to);
            String tag = requireSlotFull(from);
            requireSlotEmpty(to);
            slots[from - 1] = null;
            slots[to - 1] = tag;
            persistOrRevert(() -> {
                slots[to - 1] = null;
                slots[from - 1] = tag;
            });
            return null;
        });
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
            checkPlaceable(volumeTag, slot);
            slots[slot - 1] = volumeTag;
            persistOrRevert(() -> slots[slot - 1] = null);
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
        sense.requireSlot(slot);
        requireSlotEmpty(slot);
        if (location(volumeTag).isPresent()) {
            throw new IllegalArgumentException("volume tag " + volumeTag + " is already in the library ("
                    + location(volumeTag).get() + ")");
        }
    }

    /** Where a cartridge is, in words ("storage element 3", "data transfer element 0"); empty when not in the library. */
    public synchronized Optional<String> location(String volumeTag) {
        for (int d = 0; d < drives.length; d++) {
            if (volumeTag.equals(drives[d])) {
                return Optional.of("data transfer element " + d);
            }
        }
        for (int i = 0; i < slots.length; i++) {
            if (volumeTag.equals(slots[i])) {
                return Optional.of((i < storageSlots ? "storage element " : "import/export element ") + (i + 1));
            }
        }
        return Optional.empty();
    }

    /** Whether the cartridge sits in a data transfer element. */
    public synchronized boolean isInDrive(String volumeTag) {
        return Arrays.asList(drives).contains(volumeTag);
    }

    /** Every volume tag in the library. */
    public synchronized List<String> volumeTags() {
        List<String> tags = new ArrayList<>();
        Arrays.stream(drives).filter(t -> t != null).forEach(tags::add);
        Arrays.stream(slots).filter(t -> t != null).forEach(tags::add);
        return tags;
    }

    /**
     * Marks the cartridge in a drive as threaded, so the robot may not take it.
     *
     * @param device the drive's name, for error messages
     * @return the volume tag of the threaded cartridge
     * @throws MediumNotPresentException  the drive holds no cartridge
     * @throws CleaningCartridgeException the drive holds a cleaning cartridge
     */
    public synchronized String thread(int drive, String device) {
        checkOpen(device);
        String tag = drives[drive];
        if (tag == null) {
            throw new MediumNotPresentException(device, "NOT READY, 3A/00 MEDIUM NOT PRESENT");
        }
        if (Element.isCleaningTag(tag)) {
            throw new CleaningCartridgeException(device, "cleaning cartridge " + tag
                    + " cannot be loaded for data (the drive runs a cleaning cycle and ejects it)");
        }
        threaded[drive] = true;
        return tag;
    }

    /** Marks a drive's cartridge as unthreaded: the robot may take it. */
    public synchronized void unthread(int drive) {
        threaded[drive] = false;
    }

    /** The cartridge in a drive, threaded or not. */
    public synchronized Optional<String> cartridgeIn(int drive) {
        return Optional.ofNullable(drives[drive]);
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

    private String requireSlotFull(int slot) {
        String tag = slots[slot - 1];
        if (tag == null) {
            throw sense.slotEmpty(slot);
        }
        return tag;
    }

    private void requireSlotEmpty(int slot) {
        if (slots[slot - 1] != null) {
            throw sense.slotFull(slot, slots[slot - 1]);
        }
    }

    /**
     * Runs a changer command under the state file's lock, on the state as the file holds it: when another process
     * (an operator's {@code insert} or {@code eject}) wrote it since, its import/export elements are taken over and a
     * UNIT ATTENTION is raised, as a library raises one after its mail slot was opened.
     *
     * @throws MoveFailedException the lock cannot be taken or the file cannot be read (nothing done)
     */
    private <T> T underStateLock(java.util.function.Supplier<T> command) {
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
        List<String> before = Arrays.asList(Arrays.copyOfRange(slots, storageSlots, slots.length));
        for (int i = 0; i < stored.importExport().size(); i++) {
            slots[storageSlots + i] = stored.importExport().get(i);
        }
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
        List<StoredDrive> storedDrives = new ArrayList<>();
        for (int d = 0; d < drives.length; d++) {
            storedDrives.add(new StoredDrive(drives[d], sourceSlots[d]));
        }
        StoredLibrary stored = new StoredLibrary(storageSlots, importExportSlots(),
                Arrays.asList(Arrays.copyOfRange(slots, 0, storageSlots)),
                Arrays.asList(Arrays.copyOfRange(slots, storageSlots, slots.length)), storedDrives, generation + 1);
        stateFile.write(stored);
        generation = stored.generation();
    }
}
