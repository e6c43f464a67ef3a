package io.tapelib.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates and deletes entries at a real mount on two threads until stopped, in a tree of directories {@code /dNNN}
 * holding files {@code file-NNNNNN} (as {@link FilesPaginationSystemTest} imports it), so that a listing walked
 * meanwhile meets changes everywhere in its order. One thread creates files that sort right after an existing one
 * ({@code file-000123x} after {@code file-000123}), deletes them again a few creates later, and now and then deletes an
 * existing file; the other makes a directory that sorts right after an existing one ({@code /d042x}), fills it with a
 * few files and removes it whole. Every path either thread touches is in {@link #touched()} before the operation
 * starts, so a reader that finds a path missing or new can tell whether the churn may have caused it.
 *
 * <p>The churn is paced by its reader: each operation takes one of the operations granted with {@link #allow}
 * (waiting for one at most {@link #GRANT_WAIT} at a time, and looking again whether it was stopped), so that on a
 * 2-core machine the changes keep step with the walk instead of starving it.
 */
final class MountChurn implements AutoCloseable {
    private static final int KEPT_CREATES = 20;
    private static final int FILES_PER_DIRECTORY_MADE = 5;
    /** Longest wait for a granted operation before a thread looks again whether it was stopped. */
    private static final Duration GRANT_WAIT = Duration.ofMillis(100);

    private final Path mount;
    /** Operations granted by {@link #allow} and not yet made. */
    private final Semaphore granted = new Semaphore(0);
    private final int directories;
    private final int filesPerDirectory;
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger deletes = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "mount-churn");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Future<?>> workers = new ArrayList<>();

    /** Nothing runs until {@link #start}, and nothing is made until operations are {@link #allow allowed}. */
    MountChurn(Path mount, int directories, int filesPerDirectory) {
        this.mount = mount;
        this.directories = directories;
        this.filesPerDirectory = filesPerDirectory;
    }

    /** Starts both threads; the seeds make their choices repeatable. */
    MountChurn start(long seed) {
        workers.add(threads.submit(() -> churnFiles(new Random(seed))));
        workers.add(threads.submit(() -> churnDirectories(new Random(seed + 1))));
        return this;
    }

    /** Lets both threads together make {@code operations} more creates or deletes. */
    void allow(int operations) {
        granted.release(operations);
    }

    /** Every path (as the catalog lists it: {@code /d001/file-001234x}) created or deleted, or about to be. */
    Set<String> touched() {
        return touched;
    }

    /** Entries created so far (files and directories). */
    int creates() {
        return creates.get();
    }

    /** Entries deleted so far (files and directories). */
    int deletes() {
        return deletes.get();
    }

    /**
     * Stops both threads after their current operation, within 30 s.
     *
     * @throws IllegalStateException a thread failed (its cause) or did not stop in time
     */
    void stop() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        try {
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a churn thread failed at the mount", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("a churn thread did not stop within 30 s", e);
        } finally {
            threads.shutdownNow();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }

    private Void churnFiles(Random random) throws IOException, InterruptedException {
        Deque<String> created = new ArrayDeque<>();
        for (long op = 0; running.get(); op++) {
            String next = randomImportedFile(random) + "x";
            if (!touched.contains(next)) {
                touched.add(next);
                create(next);
                created.add(next);
            }
            if (created.size() > KEPT_CREATES) {
                delete(created.removeFirst());
            }
            if (op % 10 == 9) {
                String existing = randomImportedFile(random);
                if (touched.add(existing)) {
                    delete(existing);
                }
            }
        }
        return null;
    }

    private Void churnDirectories(Random random) throws IOException, InterruptedException {
        while (running.get()) {
            String directory = importedDirectory(random.nextInt(directories)) + "x";
            touched.add(directory);
            if (!takeGrant()) {
                return null;
            }
            Files.createDirectory(at(directory));
            creates.incrementAndGet();
            List<String> files = new ArrayList<>();
            for (int i = 0; i < FILES_PER_DIRECTORY_MADE; i++) {
                String file = directory + "/made-" + i;
                touched.add(file);
                create(file);
                files.add(file);
            }
            for (String file : files) {
                delete(file);
            }
            delete(directory);
        }
        return null;
    }

    /**
     * Waits for a granted operation, in waits of at most {@link #GRANT_WAIT}; false when the churn was stopped
     * meanwhile.
     */
    private boolean takeGrant() throws InterruptedException {
        while (running.get()) {
            if (granted.tryAcquire(GRANT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    private void create(String path) throws IOException, InterruptedException {
        takeGrant();   // once stopped, the thread still finishes what it started, so that nothing is left half made
        Files.createFile(at(path));
        creates.incrementAndGet();
    }

    private void delete(String path) throws IOException, InterruptedException {
        takeGrant();
        Files.delete(at(path));
        deletes.incrementAndGet();
    }

    private Path at(String path) {
        return mount.resolve(path.substring(1));
    }

    /** {@code /d042}: the catalog path of imported directory {@code index}. */
    static String importedDirectory(int index) {
        return String.format(Locale.ROOT, "/d%03d", index);
    }

    /** {@code /d042/file-042123}: the catalog path of imported file {@code number}, in {@code directory}. */
    static String importedFile(int directory, int number) {
        return String.format(Locale.ROOT, "%s/file-%06d", importedDirectory(directory), number);
    }

    private String randomImportedFile(Random random) {
        int directory = random.nextInt(directories);
        return importedFile(directory, directory * filesPerDirectory + random.nextInt(filesPerDirectory));
    }
}
