package io.tapelib.controller.ltfs;

import java.util.List;

/**
 * The index partition criteria of an index's {@code dataplacementpolicy} (LTFS Format Specification 2.4, section 9.2
 * and Annex "Index partition criteria"): a file may also be stored in the index partition when it is no larger than
 * {@code maxFileSize} and, when patterns are given, its name matches one of them.
 *
 * @param maxFileSize  the {@code size} element, in bytes
 * @param namePatterns the {@code name} elements, glob patterns ({@code *}, {@code ?}), decoded; empty for any name
 */
public record DataPlacementPolicy(long maxFileSize, List<String> namePatterns) {

    public DataPlacementPolicy {
        namePatterns = List.copyOf(namePatterns);
    }
}
