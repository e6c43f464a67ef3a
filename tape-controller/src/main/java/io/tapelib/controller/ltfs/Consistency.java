package io.tapelib.controller.ltfs;

import java.util.List;

/**
 * Whether a mounted volume is consistent (LTFS Format Specification 2.4, "Consistency"): both partitions complete
 * (each ends with an index construct) and the last index of the index partition has a back pointer to the last index
 * of the data partition, of the same generation. A volume that is not is mounted read-only with the newest valid
 * index until an operator's {@link LtfsVolume#recover()}.
 *
 * @param generation the generation of the index the mount uses
 * @param index      where that index lies
 * @param unindexed  logical objects after the last complete index construct of a partition that the index used does
 *                   not name; empty for a consistent volume
 * @param problems   one line per departure from consistency (a damaged index passed over, an index partition older
 *                   than the data partition, a construct without its closing filemark, unindexed data); empty when
 *                   consistent
 */
public record Consistency(long generation, IndexLocation index, List<UnindexedBlocks> unindexed,
                          List<String> problems) {

    public Consistency {
        unindexed = List.copyOf(unindexed);
        problems = List.copyOf(problems);
    }

    /** A consistent volume whose last index is {@code index} of {@code generation}. */
    public static Consistency consistent(long generation, IndexLocation index) {
        return new Consistency(generation, index, List.of(), List.of());
    }

    /** True when nothing departs from consistency. */
    public boolean consistent() {
        return problems.isEmpty();
    }

    /** One line for an operator: consistent, or what is wrong and which index is used. */
    public String summary() {
        if (consistent()) {
            return "consistent, index generation " + generation + " at " + index;
        }
        return "inconsistent, mounted read-only with index generation " + generation + " at " + index
                + (unindexed.isEmpty() ? "" : "; unindexed data: " + unindexed) + "; " + String.join("; ", problems)
                + "; an operator's recover writes a new consistent index";
    }
}
