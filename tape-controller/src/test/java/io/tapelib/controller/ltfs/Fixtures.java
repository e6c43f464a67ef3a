package io.tapelib.controller.ltfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared fixtures by walking up from the working directory to a directory holding shared/fixtures. */
final class Fixtures {

    private Fixtures() {
    }

    static Path ltfs(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/ltfs").resolve(name);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/fixtures/ltfs/" + name + " above " + Path.of("").toAbsolutePath());
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(ltfs(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
