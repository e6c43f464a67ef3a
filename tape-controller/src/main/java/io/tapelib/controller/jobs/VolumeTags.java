package io.tapelib.controller.jobs;

/**
 * The form of a volume tag a caller may name. SMC-3 (section 6.6.2, volume tag information) gives the primary
 * volume tag identifier 32 bytes of ASCII; LTO barcodes use 8 of them (6 characters and the media type, e.g.
 * {@code TL0001L5}). A longer or non-printable value cannot be in any library and is refused before it reaches a
 * log line or a response whole.
 */
public final class VolumeTags {

    /** Longest volume tag, in characters (SMC-3 primary volume tag identifier field). */
    public static final int MAX_LENGTH = 32;

    private VolumeTags() {
    }

    /**
     * The volume tag without surrounding blanks.
     *
     * @param field the name the caller knows the value by (e.g. {@code volume_tag}, {@code barcode}), for the message
     * @throws IllegalArgumentException blank, longer than {@value #MAX_LENGTH} characters, or with a character outside
     *                                  printable ASCII; the message names the field and does not repeat the value
     */
    public static String require(String field, String volumeTag) {
        String tag = volumeTag == null ? "" : volumeTag.strip();
        if (tag.isEmpty()) {
            throw new IllegalArgumentException(field + " is required (a volume tag such as TL0001L5)");
        }
        if (tag.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(field + ": a volume tag has at most " + MAX_LENGTH
                    + " characters (SMC-3 volume tag), got " + tag.length());
        }
        if (!tag.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(field + ": a volume tag is printable ASCII without blanks (SMC-3 volume tag)");
        }
        return tag;
    }
}
