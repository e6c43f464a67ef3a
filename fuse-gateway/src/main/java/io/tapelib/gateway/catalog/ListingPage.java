package io.tapelib.gateway.catalog;

import java.util.List;

/**
 * One page of a catalog listing ({@link CatalogListing#list}).
 *
 * @param entries  the entries that passed the filter, in walk order
 * @param lastPath the last path the walk looked at (returned or filtered out): the next page continues after it;
 *                 null when the walk is complete
 */
public record ListingPage(List<ListedEntry> entries, String lastPath) {
    public ListingPage {
        entries = List.copyOf(entries);
    }
}
