package io.tapelib.controller.ltfs;

import java.util.HashMap;
import java.util.Map;

/**
 * Extended attribute names the LTFS format reserves: every name that starts with "ltfs" in any capitalization
 * (LTFS Format Specification 2.4, Annex F). Ours ({@code ltfs.vendor.tapelib.*}) and {@code ltfs.hash.*} are among
 * them; a user's attribute never is, so a user's value cannot pass for a mode or a hash.
 */
public final class ReservedXattrs {

    private static final String PREFIX = "ltfs";

    private ReservedXattrs() {
    }

    /** Whether the index key (no namespace prefix) is one the format reserves. */
    public static boolean reserved(String key) {
        return key.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** The attributes whose names are not reserved. */
    public static Map<String, XattrValue> userOnly(Map<String, XattrValue> xattrs) {
        Map<String, XattrValue> user = new HashMap<>();
        xattrs.forEach((key, value) -> {
            if (!reserved(key)) {
                user.put(key, value);
            }
        });
        return user;
    }
}
