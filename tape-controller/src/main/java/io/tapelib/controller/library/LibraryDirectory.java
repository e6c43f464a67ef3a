package io.tapelib.controller.library;

import io.tapelib.controller.device.ownership.ExclusiveLock;
import io.tapelib.controller.device.ownership.LockHeldException;
import io.tapelib.controller.device.ownership.ProcessTable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A virtual tape library kept in a directory (DESIGN.md section 6), open: the element state in
 * {@code <dir>/library.json} (so a reopened library is the same library), one directory per cartridge under
 * {@code <dir>/cartridges/} in the LTFS reference file backend's layout, and the timing model every element
 * charges. The medium changer and drives that act on it are adapters built around it by whoever assembles the
 * library ({@code config/VirtualLibrary}); this package does not know them.
 *
 * <p>One process at a time: the directory's lock file ({@value #LOCK_FILE_NAME}, an {@link ExclusiveLock}) is held
 * while open, so the running controller and the {@code import} or {@code doctor} command never drive the same
 * library at once; whoever comes second is refused with the holder named.
 */
public final class LibraryDirectory implements AutoCloseable {

    /** Name of the lock file inside the library directory. */
    public static final String LOCK_FILE_NAME = "tapelib.lock";
    private static final String STATE_FILE = "library.json";
    private static final String CARTRIDGES_DIR = "cartridges";

    private final ExclusiveLock lock;
    private final LibraryElements elements;
    private final CartridgeStore cartridges;
    private final TimingModel timing;
    private final VirtualLibraryConfig config;
    private boolean closed;

    private LibraryDirectory(ExclusiveLock lock, LibraryElements elements, CartridgeStore cartridges,
                             VirtualLibraryConfig config) {
        this.lock = lock;
        this.elements = elements;
        this.cartridges = cartridges;
        this.config = config;
        this.timing = new TimingModel(config.timeScale());
    }

    /**
     * Opens the library stored in {@code dir}, creating it (geometry and cartridges of {@code config}) when
     * {@code dir} holds none. An existing library keeps its stored geometry and element state (which cartridge is
     * in which element); the configuration then only supplies the time scale, the drives' early warning distance
     * and the capacity of cartridges inserted later.
     *
     * @param holder who opens it, in words an operator understands; whoever comes second reads it with this
     *               process's pid
     * @throws LibraryInUseException another process, or another part of this one, has the library open; the message
     *                               names the holder
     * @throws IOException           the directory cannot be created, read or locked, or the stored state names a
     *                               cartridge whose directory is missing
     */
    public static LibraryDirectory open(Path dir, VirtualLibraryConfig config, String holder) throws IOException {
        Files.createDirectories(dir.resolve(CARTRIDGES_DIR));
        ExclusiveLock lock = lock(dir, holder);
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
            return new LibraryDirectory(lock, elements, cartridges, config);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Takes the library directory's lock without opening the library (what a running controller holds).
     *
     * @throws LibraryInUseException the lock is held; the message names the holder as it wrote itself down
     * @throws IOException           the lock file cannot be created or written
     */
    public static ExclusiveLock lock(Path dir, String holder) throws IOException {
        Path file = dir.resolve(LOCK_FILE_NAME);
        try {
            return ExclusiveLock.onLockFile(file, holder, ProcessTable.system());
        } catch (LockHeldException e) {
            throw new LibraryInUseException("the tape library " + dir + " is in use by " + e.holder() + " (lock file "
                    + file + ")");
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

    /** The element state: which cartridge is in which element. */
    public LibraryElements elements() {
        return elements;
    }

    /** The cartridges' directories. */
    public CartridgeStore cartridges() {
        return cartridges;
    }

    /** The timing model every element charges; {@link TimingModel#simulatedSeconds()} is the total so far. */
    public TimingModel timing() {
        return timing;
    }

    /** The configuration the library was opened with. */
    public VirtualLibraryConfig config() {
        return config;
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
     * Stops the library's elements and unlocks the directory. Flush the drives' buffered records first (the
     * assembly does). Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            elements.close();
        } finally {
            lock.close();
        }
    }
}
