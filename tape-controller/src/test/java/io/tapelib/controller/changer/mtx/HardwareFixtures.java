package io.tapelib.controller.changer.mtx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the recorded device outputs in shared/fixtures/hardware, found by walking up from the working directory. */
final class HardwareFixtures {

    private HardwareFixtures() {
    }

    static String text(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/hardware").resolve(name);
            if (Files.exists(candidate)) {
                try {
                    return Files.readString(candidate, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("no shared/fixtures/hardware/" + name + " above " + Path.of("").toAbsolutePath());
    }
}
