package io.tapelib.gateway.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mounts this process sees, read from /proc/self/mountinfo. Format per proc(5): space-separated
 * fields {@code mountId parentId major:minor root mountPoint options [optional fields...] - fstype source
 * superOptions}; space, tab, newline and backslash in paths are written as the octal escapes
 * {@code \040 \011 \012 \134}.
 */
public final class MountTable {

    /** Where the kernel publishes this process's mount table. */
    public static final Path SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");

    private final List<MountEntry> entries;

    private MountTable(List<MountEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads the current mount table of this process.
     *
     * @throws UncheckedIOException when /proc/self/mountinfo cannot be read (no /proc)
     */
    public static MountTable readSelf() {
        try {
            return parse(Files.readAllLines(SELF_MOUNTINFO, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SELF_MOUNTINFO, e);
        }
    }

    /**
     * Parses mountinfo lines.
     *
     * @throws IllegalArgumentException for a line without the fields proc(5) describes, quoting the line
     */
    public static MountTable parse(List<String> lines) {
        List<MountEntry> parsed = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isBlank()) {
                parsed.add(parseLine(line));
            }
        }
        return new MountTable(parsed);
    }

    /** All entries, in the kernel's order (later mounts stacked on the same point come later). */
    public List<MountEntry> entries() {
        return entries;
    }

    /** The topmost mount at exactly {@code mountPoint} (compared as absolute, normalized paths), if any. */
    public Optional<MountEntry> find(Path mountPoint) {
        Path wanted = mountPoint.toAbsolutePath().normalize();
        MountEntry topmost = null;
        for (MountEntry entry : entries) {
            if (entry.mountPoint().equals(wanted)) {
                topmost = entry;
            }
        }
        return Optional.ofNullable(topmost);
    }

    private static MountEntry parseLine(String line) {
        String[] fields = line.split(" ");
        int separator = -1;
        for (int i = 6; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                separator = i;
                break;
            }
        }
        if (fields.length < 6 || separator < 0 || separator + 2 >= fields.length) {
            throw new IllegalArgumentException("not a mountinfo line (proc(5)): " + line);
        }
        try {
            return new MountEntry(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), fields[2],
                    Path.of(unescape(fields[4])), fields[separator + 1], unescape(fields[separator + 2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a mountinfo line (proc(5)): " + line, e);
        }
    }

    /** Decodes the kernel's {@code \ooo} escapes (fs/proc_namespace.c, mangle()); bytes are UTF-8. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        byte[] decoded = new byte[raw.length];
        int length = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && isOctal(raw[i + 1]) && isOctal(raw[i + 2])
                    && isOctal(raw[i + 3])) {
                decoded[length++] = (byte) (((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0'));
                i += 3;
            } else {
                decoded[length++] = raw[i];
            }
        }
        return new String(decoded, 0, length, StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte b) {
        return b >= '0' && b <= '7';
    }
}
