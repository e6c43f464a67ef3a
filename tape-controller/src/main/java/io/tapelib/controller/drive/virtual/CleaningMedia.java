package io.tapelib.controller.drive.virtual;

import io.tapelib.controller.library.AtomicFile;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The cleaning cartridges of a virtual library and the cleanings each has run, as the cartridge itself would count
 * them: an LTO Ultrium universal cleaning cartridge is good for a fixed number of cleanings (50 by the makers'
 * figures), after which a drive refuses to clean with it and sets TapeAlert flag 22. Kept in
 * {@code <library>/cleaning-media.properties} (volume tag = cleanings run). Thread-safe: all drives share one.
 */
public final class CleaningMedia {

    /** Cleanings an LTO Ultrium universal cleaning cartridge is rated for (HPE and IBM: up to 50). */
    public static final int DEFAULT_USES = 50;

    private final Path file;
    private final int maxUses;
    private final Properties uses = new Properties();

    /**
     * @param libraryDirectory the virtual library's directory
     * @param maxUses          cleanings a cartridge runs before it is expired, at least 1
     * @throws UncheckedIOException the file exists but cannot be read
     */
    public CleaningMedia(Path libraryDirectory, int maxUses) {
        if (maxUses < 1) {
            throw new IllegalArgumentException("a cleaning cartridge must be good for at least 1 cleaning, got " + maxUses);
        }
        this.file = libraryDirectory.resolve("cleaning-media.properties");
        this.maxUses = maxUses;
        if (Files.exists(file)) {
            try {
                uses.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * One cleaning attempt with {@code volumeTag}: counts it when the cartridge still has cleanings left.
     *
     * @return true when the cartridge cleaned the drive, false when it is expired (nothing counted)
     * @throws UncheckedIOException the count cannot be written
     */
    public synchronized boolean use(String volumeTag) {
        int done = usesOf(volumeTag);
        if (done >= maxUses) {
            return false;
        }
        uses.setProperty(volumeTag, Integer.toString(done + 1));
        StringWriter text = new StringWriter();
        try {
            uses.store(text, "cleanings run by each cleaning cartridge of this virtual library");
            AtomicFile.writeUnforced(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** Cleanings {@code volumeTag} has run so far. */
    public synchronized int usesOf(String volumeTag) {
        return Integer.parseInt(uses.getProperty(volumeTag, "0"));
    }
}
