package io.tapelib.gateway.controller;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The events {@link InMemoryTapeController} announced and no watcher took yet: mounts (a job mounted a volume as its
 * index now stands) and library changes (Event.library). WatchEvents hands them over in order. Thread-safe.
 */
final class InMemoryEvents {
    private final BlockingQueue<VolumeSummary> mounts = new LinkedBlockingQueue<>();
    private final BlockingQueue<LibraryInventory> libraryChanges = new LinkedBlockingQueue<>();

    /** Announces that a job mounted {@code volume}. */
    void mounted(VolumeSummary volume) {
        mounts.add(volume);
    }

    /** Announces the library as it stands now. */
    void libraryChanged(LibraryInventory library) {
        libraryChanges.add(library);
    }

    /**
     * Hands announced mounts and library changes to the consumers, polling each queue for 10 ms in turn, until the
     * thread is interrupted (then CANCELLED) or {@code failure} answers a failure, which is thrown.
     */
    void watch(Consumer<VolumeSummary> mounted, Consumer<LibraryInventory> library,
               Supplier<ControllerUnavailableException> failure) {
        try {
            while (true) {
                ControllerUnavailableException away = failure.get();
                if (away != null) {
                    throw away;
                }
                VolumeSummary volume = mounts.poll(10, TimeUnit.MILLISECONDS);
                if (volume != null) {
                    mounted.accept(volume);
                }
                LibraryInventory changed = libraryChanges.poll(10, TimeUnit.MILLISECONDS);
                if (changed != null) {
                    library.accept(changed);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerUnavailableException("CANCELLED", "WatchEvents interrupted", e);
        }
    }
}
