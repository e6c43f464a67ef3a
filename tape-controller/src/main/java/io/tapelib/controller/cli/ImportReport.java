package io.tapelib.controller.cli;

import java.util.List;

/**
 * What an import wrote.
 *
 * @param tapes one line per tape written
 */
public record ImportReport(List<TapeReport> tapes) {

    public ImportReport {
        tapes = List.copyOf(tapes);
    }

    /** Totals over all tapes. */
    public String describe() {
        long files = tapes.stream().mapToLong(TapeReport::files).sum();
        long bytes = tapes.stream().mapToLong(TapeReport::bytes).sum();
        double seconds = tapes.stream().mapToDouble(TapeReport::seconds).sum();
        return String.format("total: %d file(s), %d bytes on %d tape(s) in %.1f s", files, bytes, tapes.size(), seconds);
    }

    /**
     * One tape's part of an import.
     *
     * @param volumeTag the tape
     * @param files     regular files written
     * @param entries   directories and symbolic links written
     * @param bytes     file bytes written
     * @param seconds   wall-clock seconds from load to unmount
     * @param generation index generation written at the end
     */
    public record TapeReport(String volumeTag, long files, long entries, long bytes, double seconds, long generation) {
        /** Rate in MB/s (10^6 bytes per second). */
        public double megabytesPerSecond() {
            return seconds > 0 ? bytes / seconds / 1e6 : 0;
        }

        String describe() {
            return String.format("%s: %d file(s), %d dir/symlink entr%s, %d bytes, %.1f s, %.1f MB/s, index generation %d",
                    volumeTag, files, entries, entries == 1 ? "y" : "ies", bytes, seconds, megabytesPerSecond(), generation);
        }
    }
}
