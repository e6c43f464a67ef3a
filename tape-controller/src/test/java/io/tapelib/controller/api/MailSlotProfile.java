package io.tapelib.controller.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.tapelib.controller.config.LibraryProducer;
import io.tapelib.controller.config.VirtualLibrary;

import java.util.HashMap;
import java.util.Map;

/**
 * The controller on a virtual MSL4048 whose 48 storage elements are all full (TL0001L5..TL0047L5, CLN001L1 in 48),
 * so that an import can find no free storage element; import/export elements 49..51. Tests of this profile leave
 * it as they found it, with one more cartridge, NEW001L5, that an operator put into import/export element 51
 * ({@link #operatorCartridgeInMailSlot}).
 */
public class MailSlotProfile implements QuarkusTestProfile {

    /** The cartridge an operator put into the library beyond its 48 storage elements. */
    static final String EXTRA = "NEW001L5";
    /** Where it waits. */
    static final int EXTRA_MAIL_SLOT = 51;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(new VirtualLibraryProfile().getConfigOverrides());
        overrides.put("tapelib.virtual.cartridges", "47");
        return overrides;
    }

    /** Puts {@link #EXTRA} into import/export element 51 by hand, unless it is already in the library. */
    static void operatorCartridgeInMailSlot(LibraryProducer.OpenLibrary open, String libraryJson) {
        if (!libraryJson.contains(EXTRA)) {
            ((VirtualLibrary) open.resources().get(0)).insertCartridge(EXTRA, EXTRA_MAIL_SLOT);
        }
    }
}
