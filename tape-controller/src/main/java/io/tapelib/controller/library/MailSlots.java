package io.tapelib.controller.library;

import io.tapelib.controller.library.MailSlotException.Reason;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An operator's hand at the import/export elements (mail slots) of a virtual library kept in a directory: puts a
 * cartridge folder in the layout of the LTFS reference file backend ({@link ReferenceCartridge}) or a new blank
 * cartridge into a free mail slot, and takes a cartridge out of a mail slot into a folder of that layout. Works
 * whether or not a controller has the library open: it never opens the library, and changes {@code library.json} only
 * under the element state lock ({@link LibraryStateFile}), which the controller's changer takes for every command; the
 * controller sees the change at its next inventory, with a UNIT ATTENTION ({@link LibraryElements}).
 *
 * <p>Insert copies the folder by default (the operator's folder stays as it was, as an image of the cartridge), or
 * renames it into the library with {@code move} (no copy of a big cartridge; across file systems it is copied, then
 * deleted). Eject always moves the cartridge out of the library (it leaves it), and removes the library's own
 * metadata file ({@value CartridgeLayout#METADATA_FILE}) from it, so that the folder is in the reference layout
 * exactly; capacity and write protection stay in its {@code filedebug_tc_conf.xml}.
 */
public final class MailSlots {

    private static final String STATE_FILE = "library.json";

    private final LibraryStateFile state;
    private final CartridgeStore cartridges;
    private final long blankCapacityBytes;

    /**
     * @param libraryDir         the virtual library's directory ({@code TAPE_CHANGER=virtual:<dir>})
     * @param blankCapacityBytes native capacity of a new blank cartridge, and of a folder without
     *                           {@code filedebug_tc_conf.xml}, in bytes
     */
    public MailSlots(Path libraryDir, long blankCapacityBytes) {
        this.state = new LibraryStateFile(libraryDir.resolve(STATE_FILE));
        this.cartridges = new CartridgeStore(libraryDir.resolve("cartridges"));
        this.blankCapacityBytes = blankCapacityBytes;
    }

    /**
     * Where a cartridge went in.
     *
     * @param volumeTag the cartridge's volume tag
     * @param slot      the import/export element, as an mtx ordinal (numbered after the storage slots)
     */
    public record Inserted(String volumeTag, int slot) {
    }

    /**
     * Puts a new blank cartridge into the first free mail slot.
     *
     * @throws MailSlotException NO_LIBRARY, NOT_A_CARTRIDGE (a malformed volume tag), ALREADY_IN_LIBRARY or
     *                           NO_FREE_MAIL_SLOT; nothing changed
     * @throws IOException       the library's files cannot be read or written
     */
    public Inserted insertBlank(String volumeTag) throws IOException {
        String tag = validTag(volumeTag);
        try (LibraryStateFile.Held lock = lockExisting()) {
            StoredLibrary stored = state.read();
            int index = requirePlaceable(stored, tag);
            cartridges.create(tag, blankCapacityBytes);
            return place(stored, tag, index);
        }
    }

    /**
     * Puts the cartridge in {@code folder} into the first free mail slot.
     *
     * @param volumeTag the label on the cartridge; empty to take it from the cartridge memory (BARCODE, 0806h)
     * @param move      rename the folder into the library instead of copying it
     * @throws MailSlotException NO_LIBRARY, NOT_A_CARTRIDGE (not a cartridge folder, or no usable volume tag),
     *                           ALREADY_IN_LIBRARY or NO_FREE_MAIL_SLOT; nothing changed (a moved folder is back)
     * @throws IOException       a file cannot be read, copied or written
     */
    public Inserted insertCartridge(Path folder, Optional<String> volumeTag, boolean move) throws IOException {
        ReferenceCartridge.check(folder);
        String tag = validTag(volumeTag.or(() -> barcodeOf(folder)).orElseThrow(() -> new MailSlotException(
                Reason.NOT_A_CARTRIDGE, folder + " carries no volume tag in its cartridge memory (attr_0_806 is"
                + " missing or blank): name it with --volume-tag")));
        try (LibraryStateFile.Held lock = lockExisting()) {
            requirePlaceable(state.read(), tag);
        }
        Path staged = cartridges.root().resolve(".insert-" + tag);
        deleteTree(staged);
        boolean renamed = move && rename(folder, staged);
        if (!renamed) {
            copyFlat(folder, staged);
        }
        try {
            Files.deleteIfExists(new CartridgeLayout(staged).metadata());
            CartridgeMetadata metadata = ReferenceCartridge.metadata(staged, tag, blankCapacityBytes);
            Inserted inserted;
            try (LibraryStateFile.Held lock = lockExisting()) {
                StoredLibrary stored = state.read();
                int index = requirePlaceable(stored, tag);
                cartridges.install(staged, metadata);
                inserted = place(stored, tag, index);
            }
            if (move && !renamed) {
                deleteTree(folder);
            }
            return inserted;
        } catch (IOException | RuntimeException e) {
            if (renamed && Files.exists(staged)) {
                Files.move(staged, folder, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteTree(staged);
            }
            throw e;
        }
    }

    /**
     * Takes a cartridge out of its mail slot into {@code destination} (created; it may exist as an empty directory),
     * in the reference file backend's layout.
     *
     * @return the cartridge folder
     * @throws MailSlotException NO_LIBRARY, NOT_IN_MAIL_SLOT or DESTINATION_EXISTS; nothing changed
     * @throws IOException       the library's files cannot be read or written, or the cartridge cannot be moved (it is
     *                           then out of the library, in {@code <library>/cartridges/.eject-<tag>})
     */
    public Path eject(String volumeTag, Path destination) throws IOException {
        String tag = validTag(volumeTag);
        if (Files.exists(destination) && !emptyDirectory(destination)) {
            throw new MailSlotException(Reason.DESTINATION_EXISTS, destination + " exists and is not an empty"
                    + " directory; name a new folder for " + tag);
        }
        Path leaving = cartridges.root().resolve(".eject-" + tag);
        try (LibraryStateFile.Held lock = lockExisting()) {
            StoredLibrary stored = state.read();
            int index = stored.importExport().indexOf(tag);
            if (index < 0) {
                throw new MailSlotException(Reason.NOT_IN_MAIL_SLOT, tag + (stored.holds(tag)
                        ? " is in the library but not in an import/export element: export it to a mail slot first"
                        : " is not in the library"));
            }
            List<String> mailSlots = new ArrayList<>(stored.importExport());
            mailSlots.set(index, null);
            deleteTree(leaving);
            // out of the element state first: a crash before the rename leaves a directory no element names
            state.write(stored.withImportExport(mailSlots));
            Files.move(cartridges.layout(tag).directory(), leaving, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(destination);
        Files.createDirectories(destination.toAbsolutePath().getParent());
        if (!rename(leaving, destination)) {
            copyFlat(leaving, destination);
            deleteTree(leaving);
        }
        Files.deleteIfExists(new CartridgeLayout(destination).metadata());
        return destination;
    }

    private LibraryStateFile.Held lockExisting() throws IOException {
        if (!state.exists()) {
            throw new MailSlotException(Reason.NO_LIBRARY, "no virtual tape library in " + state.path().getParent()
                    + " (" + state.path().getFileName() + " is missing): start the controller once to create it");
        }
        return state.lock();
    }

    /** The first free import/export element's index, after checking that {@code tag} may go in. */
    private int requirePlaceable(StoredLibrary stored, String tag) {
        if (stored.holds(tag)) {
            throw new MailSlotException(Reason.ALREADY_IN_LIBRARY, "volume tag " + tag + " is already in the library");
        }
        if (Files.exists(cartridges.layout(tag).directory())) {
            throw new MailSlotException(Reason.ALREADY_IN_LIBRARY, "the library holds a cartridge directory "
                    + cartridges.layout(tag).directory() + " that no element names (left by an interrupted insert or"
                    + " eject): remove it, or insert that directory");
        }
        int index = stored.importExport().indexOf(null);
        if (index < 0) {
            throw new MailSlotException(Reason.NO_FREE_MAIL_SLOT, "every import/export element is full ("
                    + stored.importExport() + "): import or eject a cartridge first");
        }
        return index;
    }

    private Inserted place(StoredLibrary stored, String tag, int index) throws IOException {
        List<String> mailSlots = new ArrayList<>(stored.importExport());
        mailSlots.set(index, tag);
        state.write(stored.withImportExport(mailSlots));
        return new Inserted(tag, stored.storageSlots() + index + 1);
    }

    private static String validTag(String volumeTag) {
        try {
            return CartridgeStore.requireValidVolumeTag(volumeTag);
        } catch (IllegalArgumentException e) {
            throw new MailSlotException(Reason.NOT_A_CARTRIDGE, e.getMessage());
        }
    }

    private static Optional<String> barcodeOf(Path folder) {
        try {
            return ReferenceCartridge.barcode(folder);
        } catch (IOException e) {
            throw new MailSlotException(Reason.NOT_A_CARTRIDGE, "cannot read the cartridge memory of " + folder
                    + ": " + e.getMessage());
        }
    }

    /** Renames {@code from} to {@code to}; false when they are on different file systems. */
    private static boolean rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            return false;
        }
    }

    /** Copies a cartridge folder (regular files only, as {@link ReferenceCartridge#check} requires), forcing each. */
    private static void copyFlat(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(file.getFileName().toString());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                try (var channel = java.nio.channels.FileChannel.open(target, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
        AtomicFile.forceDirectory(to);
    }

    private static boolean emptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
