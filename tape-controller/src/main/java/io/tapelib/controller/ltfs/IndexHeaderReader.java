package io.tapelib.controller.ltfs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLStreamException;

/**
 * Reads the elements of {@code ltfsindex} that precede the root directory (LTFS Format Specification 2.4, section
 * 9.2): each at most once, the required ones checked by {@link #toHeader()}; {@code location},
 * {@code previousgenerationlocation} and {@code dataplacementpolicy} with their children.
 */
final class IndexHeaderReader {
    private static final int CREATOR = 1;
    private static final int VOLUMEUUID = 1 << 1;
    private static final int GENERATION = 1 << 2;
    private static final int UPDATETIME = 1 << 3;
    private static final int LOCATION = 1 << 4;
    private static final int ALLOWPOLICYUPDATE = 1 << 5;
    private static final int HIGHESTFILEUID = 1 << 6;
    private static final int COMMENT = 1 << 7;
    private static final int PREVIOUS = 1 << 8;
    private static final int POLICY = 1 << 9;
    private static final int LOCKSTATE = 1 << 10;
    private static final String[] NAMES = {"creator", "volumeuuid", "generationnumber", "updatetime", "location",
        "allowpolicyupdate", "highestfileuid"};
    /** Name patterns accepted in one {@code indexpartitioncriteria}. */
    private static final int MAX_POLICY_NAMES = 1024;

    private final IndexCursor cursor;
    private final IndexValues values;
    private final IndexLimits limits;
    private final String version;
    private final FormatVersion formatVersion;

    private int seen;
    private String creator;
    private String comment;
    private String volumeUuid;
    private long generation;
    private Instant updateTime;
    private IndexLocation location;
    private IndexLocation previous;
    private boolean allowPolicyUpdate;
    private long highestFileUid;
    private String volumeLockState;
    private String volumeName;
    private DataPlacementPolicy policy;

    /**
     * @param version       the {@code version} attribute as written
     * @param formatVersion the same, parsed and checked
     */
    IndexHeaderReader(IndexCursor cursor, IndexValues values, IndexLimits limits, String version,
                      FormatVersion formatVersion) {
        this.cursor = cursor;
        this.values = values;
        this.limits = limits;
        this.version = version;
        this.formatVersion = formatVersion;
    }

    boolean isField(String element) {
        return bit(element) != 0;
    }

    private static int bit(String element) {
        return switch (element) {
            case "creator" -> CREATOR;
            case "volumeuuid" -> VOLUMEUUID;
            case "generationnumber" -> GENERATION;
            case "updatetime" -> UPDATETIME;
            case "location" -> LOCATION;
            case "allowpolicyupdate" -> ALLOWPOLICYUPDATE;
            case "highestfileuid" -> HIGHESTFILEUID;
            case "comment" -> COMMENT;
            case "previousgenerationlocation" -> PREVIOUS;
            case "dataplacementpolicy" -> POLICY;
            case "volumelockstate" -> LOCKSTATE;
            default -> 0;
        };
    }

    /** Reads one header element, the cursor on its start tag; {@code element} must be one {@link #isField}. */
    void read(String element) throws XMLStreamException {
        int bit = bit(element);
        if ((seen & bit) != 0) {
            throw cursor.malformed("<" + element + "> appears twice in the index");
        }
        seen |= bit;
        switch (element) {
            case "creator" -> creator = cursor.text(element);
            case "comment" -> comment = values.limited(element, cursor.text(element), limits.maxCommentBytes());
            case "volumeuuid" -> volumeUuid = values.uuid(element);
            case "generationnumber" -> generation = values.unsigned(element, cursor.text(element));
            case "updatetime" -> updateTime = values.time(element);
            case "location" -> location = location(element);
            case "previousgenerationlocation" -> previous = location(element);
            case "allowpolicyupdate" -> allowPolicyUpdate = values.bool(element, cursor.text(element));
            case "highestfileuid" -> highestFileUid = values.unsigned(element, cursor.text(element));
            case "volumelockstate" -> volumeLockState = cursor.text(element).trim();
            case "dataplacementpolicy" -> policy = policy();
            default -> throw new IllegalArgumentException(element);
        }
    }

    /** The root directory's name, which is the volume name. */
    void volumeName(String name) {
        volumeName = name;
    }

    /** The header read so far; refused when a required element is missing. */
    IndexHeader toHeader() {
        int required = CREATOR | VOLUMEUUID | GENERATION | UPDATETIME | LOCATION | ALLOWPOLICYUPDATE
                | (formatVersion.atLeast(FormatVersion.V2_0_0) ? HIGHESTFILEUID : 0);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((required & (1 << i)) != 0 && (seen & (1 << i)) == 0) {
                missing.add(NAMES[i]);
            }
        }
        if (!missing.isEmpty()) {
            throw cursor.malformed("the index lacks " + String.join(", ", missing) + " before the root directory");
        }
        return new IndexHeader(version, creator, comment, volumeUuid, generation, updateTime, location,
                Optional.ofNullable(previous), allowPolicyUpdate, highestFileUid, volumeLockState,
                volumeName == null || volumeName.isEmpty() ? null : volumeName, Optional.ofNullable(policy));
    }

    private IndexLocation location(String element) throws XMLStreamException {
        int partition = -1;
        long block = -1;
        while (cursor.nextChild()) {
            String child = cursor.localName();
            switch (child) {
                case "partition" -> partition = (int) values.once(partition, values.partition(cursor.text(child)), child);
                case "startblock" -> block = values.once(block, values.unsigned(child, cursor.text(child)), child);
                default -> cursor.skip();
            }
        }
        if (partition < 0 || block < 0) {
            throw cursor.malformed("<" + element + "> lacks " + (partition < 0 ? "partition" : "startblock"));
        }
        return new IndexLocation(partition, block);
    }

    private DataPlacementPolicy policy() throws XMLStreamException {
        DataPlacementPolicy policy = null;
        while (cursor.nextChild()) {
            if (!cursor.localName().equals("indexpartitioncriteria")) {
                cursor.skip();
                continue;
            }
            if (policy != null) {
                throw cursor.malformed("<indexpartitioncriteria> appears twice");
            }
            long size = -1;
            List<String> names = new ArrayList<>();
            while (cursor.nextChild()) {
                String element = cursor.localName();
                switch (element) {
                    case "size" -> size = values.once(size, values.unsigned(element, cursor.text(element)), element);
                    case "name" -> {
                        if (names.size() >= MAX_POLICY_NAMES) {
                            throw cursor.malformed("more than " + MAX_POLICY_NAMES
                                    + " name patterns in <indexpartitioncriteria>");
                        }
                        names.add(values.limited(element, values.nameText(element), limits.maxNameBytes()));
                    }
                    default -> cursor.skip();
                }
            }
            if (size < 0) {
                throw cursor.malformed("<indexpartitioncriteria> lacks size");
            }
            policy = new DataPlacementPolicy(size, names);
        }
        if (policy == null) {
            throw cursor.malformed("<dataplacementpolicy> lacks indexpartitioncriteria");
        }
        return policy;
    }
}
