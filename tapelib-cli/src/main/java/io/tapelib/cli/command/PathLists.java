package io.tapelib.cli.command;

import io.tapelib.cli.MountPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The paths of recall and evict: on the command line, or one a line in a file ("-": standard input). */
final class PathLists {
    /** docs/operator-api.md "Bounds": a list of paths holds at most 100,000 items. */
    static final int MAX_PATHS = 100_000;

    private PathLists() {
    }

    /**
     * The catalog paths of {@code typed} and of the lines of {@code list} (blank lines skipped).
     *
     * @throws IllegalArgumentException when there are none or more than {@link #MAX_PATHS}
     * @throws IOException              when the list cannot be read
     */
    static List<String> of(List<String> typed, String list, MountPaths paths) throws IOException {
        List<String> all = new ArrayList<>();
        if (typed != null) {
            typed.forEach(t -> all.add(paths.catalogPath(t)));
        }
        if (list != null) {
            try (BufferedReader lines = list.equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(list), StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isBlank()) {
                        all.add(paths.catalogPath(line.strip()));
                    }
                }
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no path given");
        }
        if (all.size() > MAX_PATHS) {
            throw new IllegalArgumentException(all.size() + " paths; at most " + MAX_PATHS + " in one request");
        }
        return all;
    }
}
