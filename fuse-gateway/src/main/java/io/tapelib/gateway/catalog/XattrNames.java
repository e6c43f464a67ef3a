package io.tapelib.gateway.catalog;

/**
 * Which extended attribute names at the mount are whose. The LTFS index keeps names without a namespace prefix; the
 * mount shows them in {@code user.} (LTFS Format Specification 2.4, section 7.7). {@code user.tapelib.*} is this
 * service's: never stored, never written to tape. Of those, {@link #RECALL} is a request (write-only: setting it asks
 * for something, and it never reads back or shows in a listing); every other one is the service's computed report
 * (read-only). {@code user.ltfs*} (any capitalization) maps to the names the format reserves ({@code ltfs*}, Annex F),
 * which are the format's, not a user's. Everything else under {@code user.} is the user's: kept in the catalog and
 * written to tape.
 */
public final class XattrNames {
    /** The mount's namespace of the users' attributes. */
    public static final String USER_PREFIX = "user.";
    /** This service's attributes: its report ({@code user.tapelib.state} and its siblings) and its requests. */
    public static final String SERVICE_PREFIX = "user.tapelib.";
    /** The service's request to recall a file (or the offline files beneath a directory) ahead of reading it. */
    public static final String RECALL = SERVICE_PREFIX + "recall";
    private static final String RESERVED_PREFIX = "user.ltfs";

    private XattrNames() {
    }

    /**
     * Whether the name is in the mount's {@code user.} namespace: the only names an entry can have (the catalog keeps
     * no other, and this service's are in it too). Another namespace's name ({@code security.*}, {@code trusted.*},
     * {@code system.*}) is never stored and reads as absent.
     */
    public static boolean isInUserNamespace(String name) {
        return name.startsWith(USER_PREFIX);
    }

    /** Whether the name is this service's ({@code user.tapelib.*}): a report or a request, never a user's. */
    public static boolean isService(String name) {
        return name.startsWith(SERVICE_PREFIX);
    }

    /** Whether the name is one of this service's requests (write-only, {@link #RECALL}). */
    public static boolean isServiceRequest(String name) {
        return RECALL.equals(name);
    }

    /** Whether the name is one of this service's computed report attributes (read-only). */
    public static boolean isServiceReport(String name) {
        return isService(name) && !isServiceRequest(name);
    }

    /** Whether the name maps to an index name the LTFS format reserves (Annex F). */
    public static boolean isFormatReserved(String name) {
        return name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
    }

    /** Whether the name is a user's own: in {@code user.}, not empty after it, neither the service's nor the format's. */
    public static boolean isUsersOwn(String name) {
        return name.startsWith(USER_PREFIX) && name.length() > USER_PREFIX.length() && !isService(name)
                && !isFormatReserved(name);
    }

    /** The index's key of a user's attribute: the name without {@code user.}. */
    public static String indexKey(String name) {
        return name.substring(USER_PREFIX.length());
    }
}
