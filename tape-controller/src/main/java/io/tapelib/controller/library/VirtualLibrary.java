package io.tapelib.controller.library;

import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.changer.virtual.VirtualMediumChanger;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.virtual.VirtualTapeDrive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tape library kept in a directory (DESIGN.md section 6): a medium changer, LTO-5 drives, and one
 * directory per cartridge under {@code <dir>/cartridges/} in the LTFS reference file backend's layout.
 * The element state lives in {@code <dir>/library.json}, so a reopened library is the same library.
 * One process at a time: the directory is locked ({@code <dir>/library.lock}) while open.
 */
public final class VirtualLibrary implements AutoCloseable {

    private static final String STATE_FILE = "library.json";
    private static final String LOCK_FILE = "library.lock";
    private static final String CARTRIDGES_DIR = "cartridges";

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LibraryElements elements;
    private final CartridgeStore cartridges;
    private final TimingModel timing;
    private final VirtualLibraryConfig config;
    private final MediumChanger changer;
    private final List<VirtualTapeDrive> drives;

    private VirtualLibrary(FileChannel lockChannel, FileLock lock, LibraryElements elements, CartridgeStore cartridges,
                           VirtualLibraryConfig config) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.elements = elements;
        this.cartridges = cartridges;
        this.config = config;
        this.timing = new TimingModel(config.timeScale());
        this.changer = new VirtualMediumChanger(elements, timing);
        List<VirtualTapeDrive> list = new ArrayList<>();
        for (int d = 0; d < elements.driveCount(); d++) {
            list.add(new VirtualTapeDrive(d, elements, cartridges, timing, config.earlyWarningBytes()));
        }
        this.drives = List.copyOf(list);
    }

    /**
     * Opens the library stored in {@code dir}, creating it (geometry and cartridges of {@code config})
     * when {@code dir} holds none. An existing library keeps its stored geometry and element state
     * (which cartridge is in which element); the configuration then only supplies the time scale, the
     * drives' early warning distance and the capacity of cartridges inserted later.
     *
     * @throws IOException when the directory cannot be created, read or locked (another process has it
     *                     open), or the stored state names a cartridge whose directory is missing
     */
    public static VirtualLibrary open(Path dir, VirtualLibraryConfig config) throws IOException {
        Files.createDirectories(dir.resolve(CARTRIDGES_DIR));
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("virtual library " + dir + " is already open (" + LOCK_FILE + " is locked)");
        }
        try {
            CartridgeStore cartridges = new CartridgeStore(dir.resolve(CARTRIDGES_DIR));
            Path stateFile = dir.resolve(STATE_FILE);
            LibraryElements elements = Files.exists(stateFile)
                    ? LibraryElements.load(stateFile)
                    : populate(stateFile, cartridges, config);
            for (String volumeTag : elements.volumeTags()) {
                if (!cartridges.exists(volumeTag)) {
                    throw new IOException(stateFile + " places " + volumeTag + " in " + elements.location(volumeTag)
                            .orElse("?") + " but " + cartridges.layout(volumeTag).metadata() + " is missing");
                }
            }
            return new VirtualLibrary(lockChannel, lock, elements, cartridges, config);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /**
     * Creates the configured cartridges and records where they are. Their files are not forced one by
     * one (a blank cartridge holds nothing to lose); the forced write of {@code library.json} that
     * follows commits them with it on a journaling file system (ext4, xfs).
     */
    private static LibraryElements populate(Path stateFile, CartridgeStore cartridges, VirtualLibraryConfig config)
            throws IOException {
        Map<Integer, String> slots = new HashMap<>();
        for (int n = 1; n <= config.initialCartridges(); n++) {
            slots.put(n, VirtualLibraryConfig.dataVolumeTag(n));
        }
        for (int n = 1; n <= config.cleaningCartridges(); n++) {
            slots.put(config.storageSlots() + 1 - n, VirtualLibraryConfig.cleaningVolumeTag(n));
        }
        for (String volumeTag : slots.values()) {
            if (!cartridges.exists(volumeTag)) {
                cartridges.create(volumeTag, config.cartridgeCapacityBytes());
            }
        }
        return LibraryElements.create(stateFile, config, slots);
    }

    /** The robot. */
    public MediumChanger changer() {
        return changer;
    }

    /** The drives, index = data transfer element number (0-based). */
    public List<TapeDrive> drives() {
        return List.copyOf(drives);
    }

    /** The timing model every element charges; {@link TimingModel#simulatedSeconds()} is the total so far. */
    public TimingModel timing() {
        return timing;
    }

    /**
     * An operator inserts a cartridge into an empty storage or import/export slot (mtx ordinal). A
     * volume tag with no directory yet gets a new blank cartridge of the configured capacity; one whose
     * directory exists (a cartridge taken out earlier, or one written by the LTFS reference backend
     * with our metadata beside it) comes back with its data.
     *
     * @param volumeTag the barcode, 1 to 32 letters and digits
     * @param slot      storage slot 1..storageSlots or import/export slot after them
     * @throws IllegalArgumentException the volume tag is malformed or already in the library
     * @throws io.tapelib.controller.changer.UnknownElementException  no such slot
     * @throws io.tapelib.controller.changer.DestinationFullException the slot is full
     * @throws UncheckedIOException     the cartridge's directory cannot be created
     */
    public void insertCartridge(String volumeTag, int slot) {
        CartridgeStore.requireValidVolumeTag(volumeTag);
        synchronized (elements) {
            elements.checkPlaceable(volumeTag, slot);
            try {
                if (!cartridges.exists(volumeTag)) {
                    cartridges.create(volumeTag, config.cartridgeCapacityBytes());
                }
                elements.place(volumeTag, slot);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create cartridge " + volumeTag, e);
            }
        }
    }

    /**
     * Sets or clears a cartridge's write-protect tab. An operator can only reach a cartridge that is
     * not in a drive.
     *
     * @throws IllegalArgumentException the cartridge is not in the library
     * @throws IllegalStateException    the cartridge is in a data transfer element
     * @throws UncheckedIOException     the cartridge's metadata cannot be written
     */
    public void setWriteProtected(String volumeTag, boolean writeProtected) {
        synchronized (elements) {
            elements.checkOpen(LibraryElements.CHANGER_DEVICE);
            if (elements.location(volumeTag).isEmpty()) {
                throw new IllegalArgumentException("volume tag " + volumeTag + " is not in the library");
            }
            if (elements.isInDrive(volumeTag)) {
                throw new IllegalStateException(volumeTag + " is in " + elements.location(volumeTag).get()
                        + "; move it to a slot before changing its write-protect tab");
            }
            try {
                cartridges.write(cartridges.read(volumeTag).withWriteProtected(writeProtected));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot change write protection of " + volumeTag, e);
            }
        }
    }

    /**
     * Flushes the drives' buffered records to stable storage, stops the library's elements and unlocks
     * the directory. Call it once the drives' jobs have finished. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (!lockChannel.isOpen()) {
            return;
        }
        try {
            for (VirtualTapeDrive drive : drives) {
                drive.flush();
            }
        } finally {
            elements.close();
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unlock the virtual library", e);
            }
        }
    }
}
