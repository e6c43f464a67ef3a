package io.tapelib.controller.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.controller.library.AtomicFile;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the controller knows of each cleaning cartridge: the cleanings it ran with it and whether a drive reported it
 * expired (TapeAlert flag 22). Kept in {@code TAPE_MOUNT_DIR/cleaning-cartridges.json} so that a restart neither
 * forgets an expired cartridge nor restarts its count. Thread-safe.
 */
final class CleaningLog {

    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);
    static final String FILE_NAME = "cleaning-cartridges.json";

    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    private final Map<String, CleaningState.CleaningUse> entries = new TreeMap<>();

    /** @param workDir TAPE_MOUNT_DIR; null keeps the log in memory only */
    CleaningLog(Path workDir) {
        this.file = workDir == null ? null : workDir.resolve(FILE_NAME);
        if (file != null && Files.exists(file)) {
            try {
                entries.putAll(json.readValue(file.toFile(), new TypeReference<Map<String, CleaningState.CleaningUse>>() { }));
            } catch (IOException e) {
                // a lost count only means an expired cartridge is tried once more, and the drive says so again
                LOG.warnf("cannot read %s (%s); cleaning cartridge counts start again", file, e.getMessage());
            }
        }
    }

    /** The entry of {@code volumeTag}; a cartridge never used has 0 uses. */
    synchronized CleaningState.CleaningUse of(String volumeTag) {
        return entries.getOrDefault(volumeTag, new CleaningState.CleaningUse(0, false));
    }

    /** Every cartridge the controller has cleaned with, by volume tag. */
    synchronized Map<String, CleaningState.CleaningUse> all() {
        return Map.copyOf(entries);
    }

    /** Records one cleaning attempt with {@code volumeTag}; {@code expired} when the drive reported flag 22 after it. */
    synchronized CleaningState.CleaningUse attempt(String volumeTag, boolean expired) {
        CleaningState.CleaningUse before = of(volumeTag);
        CleaningState.CleaningUse after = new CleaningState.CleaningUse(expired ? before.uses() : before.uses() + 1, expired);
        entries.put(volumeTag, after);
        save();
        return after;
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFile.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
        } catch (IOException e) {
            LOG.warnf("cannot write %s: %s", file, e.getMessage());
        }
    }
}
