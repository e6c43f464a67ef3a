package io.tapelib.gateway.catalog;

import java.util.List;

/**
 * What one reclaim batch's switch did (in one catalog transaction).
 *
 * @param switched    entries of the source whose copy is on the target now and no longer on the source (ancestor
 *                    directories sent along and recorded on the target not counted)
 * @param renamed     of those, entries renamed while the batch ran: the target got a pending rename
 * @param skipped     entries deleted, rewritten, or copied with another SHA-256 than the catalog's: their copy on the
 *                    target is dead bytes there
 * @param mismatched  paths of the entries whose SHA-256 on the target differed from the catalog's (a fault to log)
 * @param sourceEmpty no current copy of anything is left on the source: it may be formatted
 */
public record ReclaimSwitch(int switched, int renamed, int skipped, List<String> mismatched, boolean sourceEmpty) {
    public ReclaimSwitch {
        mismatched = List.copyOf(mismatched);
    }
}
