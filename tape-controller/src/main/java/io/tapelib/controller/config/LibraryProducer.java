package io.tapelib.controller.config;

import io.tapelib.controller.library.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Opens the tape library named by {@code TAPE_CHANGER} once per process, under the library's lock file, and
 * closes it at shutdown. Only {@code virtual:<dir>} is implemented.
 */
@ApplicationScoped
public class LibraryProducer {

    private static final Logger LOG = Logger.getLogger(LibraryProducer.class);

    private final TapeSettings tape;
    private final VirtualLibrarySettings virtual;

    public LibraryProducer(TapeSettings tape, VirtualLibrarySettings virtual) {
        this.tape = tape;
        this.virtual = virtual;
    }

    /**
     * The open library with its lock.
     *
     * @throws UnsupportedChangerException {@code TAPE_CHANGER} names a real device
     * @throws LibraryInUseException       another process holds the library
     * @throws UncheckedIOException        the library directory cannot be read or created
     */
    @Produces
    @Singleton
    OpenLibrary openLibrary() {
        ChangerAddress address = ChangerAddress.parse(tape.changer());
        Path dir = address.virtualLibraryDirectory();
        String holder = "tape-controller " + ProcessHandle.current().info().commandLine().orElse("");
        LibraryLock lock = LibraryLock.acquire(dir, holder.strip());
        try {
            VirtualLibrary library = VirtualLibrary.open(dir, virtualConfig());
            LOG.infof("opened virtual tape library %s: %d drive(s)", dir, library.drives().size());
            return new OpenLibrary(library, lock);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException("cannot open the virtual tape library " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The devices of the open library, for the scheduler. */
    @Produces
    @Singleton
    LibraryDevices devices(OpenLibrary open) {
        VirtualLibrary library = open.library();
        return new LibraryDevices(tape.changer(), library.changer(), library.drives());
    }

    void close(@Disposes OpenLibrary open) {
        open.close();
    }

    private VirtualLibraryConfig virtualConfig() {
        VirtualLibraryConfig config = VirtualLibraryConfig.msl4048()
                .withDrives(virtual.drives())
                .withInitialCartridges(virtual.cartridges())
                .withTimeScale(virtual.timeScale());
        if (virtual.capacityBytes().isPresent()) {
            config = config.withCartridgeCapacityBytes(virtual.capacityBytes().getAsLong());
        }
        return config;
    }

    /**
     * A library opened under its lock; closing closes the library, then releases the lock.
     *
     * @param library the virtual library
     * @param lock    the lock on its directory
     */
    public record OpenLibrary(VirtualLibrary library, LibraryLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                library.close();
            } finally {
                lock.close();
            }
        }
    }
}
