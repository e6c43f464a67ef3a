package io.tapelib.controller.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** The virtual library of {@link VirtualLibraryProfile} with OPERATOR_TOKEN set to {@link #TOKEN}. */
public class OperatorTokenProfile implements QuarkusTestProfile {
    static final String TOKEN = "s3cret-operator-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(new VirtualLibraryProfile().getConfigOverrides());
        overrides.put("tapelib.operator-token", TOKEN);
        return overrides;
    }
}
