package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.http.ApiClient;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Walks a cursor-paginated listing of the gateway (files, audit; docs/operator-api.md): asks for the next page with the
 * previous page's nextCursor until it is null.
 */
final class CatalogPages {
    private CatalogPages() {
    }

    /**
     * @param api       the gateway
     * @param path      "files" or "audit"
     * @param query     the listing's parameters, without cursor
     * @param itemsName the page's array: "entries" or "records"
     * @param each      called with every item, in the server's order
     * @return the number of items
     */
    static long walk(ApiClient api, String path, Map<String, String> query, String itemsName, Consumer<JsonNode> each) {
        Map<String, String> page = new HashMap<>(query);
        long items = 0;
        while (true) {
            JsonNode answer = api.get(path, page);
            for (JsonNode item : answer.path(itemsName)) {
                each.accept(item);
                items++;
            }
            JsonNode next = answer.get("nextCursor");
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return items;
            }
            page.put("cursor", next.asText());
        }
    }
}
