package io.tapelib.controller.cli;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The controller configured for a real library at /dev/sg1 with drive 0 at /dev/st0, without the HTTP listener. */
public class DoctorNoDevicesProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tape.changer", "/dev/sg1",
                "tape.drives", "0=/dev/st0",
                "quarkus.http.host-enabled", "false");
    }
}
