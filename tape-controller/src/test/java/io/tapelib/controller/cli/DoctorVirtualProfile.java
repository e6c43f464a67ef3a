package io.tapelib.controller.cli;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.Map;

/** The controller on its own virtual library under target/, without the HTTP listener. */
public class DoctorVirtualProfile implements QuarkusTestProfile {

    /** The library the doctor examines. */
    static final Path LIBRARY = Path.of("target", "doctor-test", "library").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tape.changer", "virtual:" + LIBRARY,
                "tapelib.virtual.drives", "2",
                "tapelib.virtual.time-scale", "0",
                "quarkus.http.host-enabled", "false");
    }
}
