package io.tapelib.gateway.catalog;

import java.util.Objects;

/**
 * One extended attribute of a file as a tape's index records it (LTFS Format Specification 2.4, section 7.7).
 *
 * @param name  attribute name as the FUSE layer shows it (e.g. {@code user.checksum})
 * @param value raw value bytes; the array is not copied, treat it as read-only
 */
public record ExtendedAttribute(String name, byte[] value) {
    public ExtendedAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
