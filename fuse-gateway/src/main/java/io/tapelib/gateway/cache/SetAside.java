package io.tapelib.gateway.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where cache files that must not be used but may be the only copy of someone's data go instead of being deleted:
 * {@code CACHE_DIR/set-aside/<UTC date and time>-<reason>/}. An operator inspects and removes them by hand.
 */
final class SetAside {
    static final String DIRECTORY = "set-aside";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path root;
    private final Clock clock;
    /** The directories this process made: dirty entries in them may still be placed in a rebuilt catalog. */
    private final List<Path> made = new CopyOnWriteArrayList<>();

    SetAside(Path cacheDirectory, Clock clock) {
        this.root = cacheDirectory.resolve(DIRECTORY);
        this.clock = clock;
    }

    /**
     * A new, empty directory named by the current UTC time and {@code reason} (a suffix keeps names unique).
     *
     * @throws IOException when it cannot be created
     */
    Path newDirectory(String reason) throws IOException {
        Files.createDirectories(root);
        String base = STAMP.format(clock.instant()) + "-" + reason;
        Path candidate = root.resolve(base);
        for (int suffix = 2; Files.exists(candidate); suffix++) {
            candidate = root.resolve(base + "-" + suffix);
        }
        Path directory = Files.createDirectory(candidate);
        made.add(directory);
        return directory;
    }

    /** The directories {@link #newDirectory} made in this process, oldest first. */
    List<Path> madeThisRun() {
        return List.copyOf(made);
    }
}
