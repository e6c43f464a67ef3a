package io.tapelib.controller.ltfs;

/**
 * An LTFS index or label that cannot be parsed: truncated or invalid XML, a DTD (refused: XXE), a missing or invalid
 * element. The message names the volume and where the index lies (partition and logical block).
 */
public class MalformedIndexException extends LtfsException {
    private final String source;

    /**
     * @param source the volume and the index's place, e.g. {@code TL0001L5 partition b block 5}
     * @param problem what is wrong, in the parser's words
     */
    public MalformedIndexException(String source, String problem, Throwable cause) {
        super(source + ": malformed LTFS index: " + problem, cause);
        this.source = source;
    }

    public MalformedIndexException(String source, String problem) {
        this(source, problem, null);
    }

    /** The volume and the index's place on tape. */
    public String source() {
        return source;
    }
}
