package io.tapelib.controller.cli;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.Map;

/** The import command on its own virtual library under target/, without the HTTP listener (as the real main does). */
public class ImportProfile implements QuarkusTestProfile {

    /** The library the import writes to. */
    static final Path LIBRARY = Path.of("target", "import-test", "library").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tape.changer", "virtual:" + LIBRARY,
                "tapelib.virtual.time-scale", "0",
                "quarkus.http.host-enabled", "false");
    }
}
