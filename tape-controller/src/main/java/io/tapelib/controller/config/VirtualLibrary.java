package io.tapelib.controller.config;

import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.changer.virtual.VirtualMediumChanger;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.drive.virtual.CleaningMedia;
import io.tapelib.controller.drive.virtual.CleaningSettings;
import io.tapelib.controller.drive.virtual.VirtualTapeDrive;
import io.tapelib.controller.library.LibraryDirectory;
import io.tapelib.controller.library.LibraryInUseException;
import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.library.VirtualLibraryConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtual tape library assembled (DESIGN.md section 6): its directory ({@link LibraryDirectory}: element state,
 * cartridges, timing model, lock) with the adapters of the changer and drive ports that act on it,
 * {@link VirtualMediumChanger} and one {@link VirtualTapeDrive} per data transfer element. The adapters depend on
 * {@code library/}, which does not know them; this class is where they meet.
 */
public final class VirtualLibrary implements AutoCloseable {

    private final LibraryDirectory directory;
    private final MediumChanger changer;
    private final List<VirtualTapeDrive> drives;

    private VirtualLibrary(LibraryDirectory directory, Path dir, CleaningSettings cleaning) {
        this.directory = directory;
        this.changer = new VirtualMediumChanger(directory.elements(), directory.timing());
        CleaningMedia media = new CleaningMedia(dir, cleaning.cartridgeUses());
        List<VirtualTapeDrive> list = new ArrayList<>();
        for (int d = 0; d < directory.elements().driveCount(); d++) {
            list.add(new VirtualTapeDrive(d, directory.elements(), directory.cartridges(), directory.timing(),
                    directory.config().earlyWarningBytes(), dir, cleaning, media));
        }
        this.drives = List.copyOf(list);
    }

    /**
     * Opens (creating when missing) the library in {@code dir}, held by this process as "tape-controller" with its
     * command line ({@link LibraryDirectory#open}).
     *
     * @throws LibraryInUseException another process, or another part of this one, has the library open; the message
     *                               names the holder
     * @throws IOException           the directory cannot be created or read, or its state is inconsistent
     */
    public static VirtualLibrary open(Path dir, VirtualLibraryConfig config) throws IOException {
        return open(dir, config, CleaningSettings.NEVER);
    }

    /**
     * {@link #open(Path, VirtualLibraryConfig)} with drives that wear: each asks for cleaning after
     * {@code cleaning.interval()} of tape motion, kept across restarts in the library's directory.
     */
    public static VirtualLibrary open(Path dir, VirtualLibraryConfig config, CleaningSettings cleaning)
            throws IOException {
        return new VirtualLibrary(LibraryDirectory.open(dir, config, thisProcess()), dir, cleaning);
    }

    /** This process as a lock holder: "tape-controller" and its command line. */
    static String thisProcess() {
        return ("tape-controller " + ProcessHandle.current().info().commandLine().orElse("")).strip();
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
        return directory.timing();
    }

    /** See {@link LibraryDirectory#insertCartridge}. */
    public void insertCartridge(String volumeTag, int slot) {
        directory.insertCartridge(volumeTag, slot);
    }

    /** See {@link LibraryDirectory#setWriteProtected}. */
    public void setWriteProtected(String volumeTag, boolean writeProtected) {
        directory.setWriteProtected(volumeTag, writeProtected);
    }

    /**
     * Flushes the drives' buffered records to stable storage, then closes the directory (stops the elements,
     * unlocks). Call it once the drives' jobs have finished. Closing twice does nothing.
     */
    @Override
    public void close() {
        try {
            for (VirtualTapeDrive drive : drives) {
                drive.flush();
            }
        } finally {
            directory.close();
        }
    }
}
