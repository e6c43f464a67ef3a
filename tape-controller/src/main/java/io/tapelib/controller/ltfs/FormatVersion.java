package io.tapelib.controller.ltfs;

/**
 * An LTFS format version {@code major.minor.revision} (LTFS Format Specification 2.4, section 2.1 "Versions"; the
 * legacy text {@code 1.0} is version 1.0.0, as in the reference implementation's {@code _xml_parse_version}).
 *
 * @param major    e.g. 2
 * @param minor    e.g. 4
 * @param revision e.g. 0
 */
record FormatVersion(int major, int minor, int revision) {

    /** The version this implementation writes in labels and indexes. */
    static final String WRITTEN = "2.4.0";

    /** From 2.0.0 on, indexes carry {@code fileoffset}, {@code fileuid}, {@code backuptime} and
     * {@code highestfileuid}; before, readers derive them (reference implementation {@code IDX_VERSION_UID}). */
    static final FormatVersion V2_0_0 = new FormatVersion(2, 0, 0);

    /**
     * Parses and checks a {@code version} attribute. Major versions 1 and 2 are read; a later minor version of 2 only
     * adds elements, which readers skip (section 2.1).
     *
     * @param source where the label or index lies, for error messages
     * @param text   the attribute value, null when absent
     * @throws MalformedIndexException         no version, or not three dot-separated decimal numbers
     * @throws UnsupportedLtfsVersionException a major version other than 1 or 2, e.g. 3.0.0
     */
    static FormatVersion check(String source, String text) {
        if (text == null) {
            throw new MalformedIndexException(source, "the root element has no version attribute");
        }
        FormatVersion version = parse(text.trim());
        int major = version != null ? version.major : leadingMajor(text.trim());
        if (major != -1 && major != 1 && major != 2) {
            throw new UnsupportedLtfsVersionException(source, text);
        }
        if (version == null) {
            throw new MalformedIndexException(source, "version '" + text + "' is not major.minor.revision");
        }
        if (version.major != 1 && version.major != 2) {
            throw new UnsupportedLtfsVersionException(source, text);
        }
        return version;
    }

    boolean atLeast(FormatVersion other) {
        if (major != other.major) {
            return major > other.major;
        }
        if (minor != other.minor) {
            return minor > other.minor;
        }
        return revision >= other.revision;
    }

    /** The major version of a text such as {@code 3.0} or {@code 10.1.2.3}; -1 when it does not start with one. */
    private static int leadingMajor(String text) {
        int dot = text.indexOf('.');
        String head = dot < 0 ? text : text.substring(0, dot);
        if (head.isEmpty() || head.length() > 4 || !head.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(head);
    }

    private static FormatVersion parse(String text) {
        if (text.equals("1.0")) {
            return new FormatVersion(1, 0, 0);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        int[] numbers = new int[3];
        for (int i = 0; i < 3; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 4 || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            numbers[i] = Integer.parseInt(parts[i]);
        }
        return new FormatVersion(numbers[0], numbers[1], numbers[2]);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + revision;
    }
}
