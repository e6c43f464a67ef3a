package io.tapelib.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.catalog.AuditQuery;
import io.tapelib.gateway.catalog.AuditRecord;
import io.tapelib.gateway.catalog.AuditTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit table's queries: exact path, everything below a directory, times, the cursor. */
class AuditTableTest {
    private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");

    @TempDir
    Path dir;

    private static AuditRecord at(String path, int second) {
        return new AuditRecord(0, T0.plusSeconds(second), "unlink", path, null, null, null, null, "api 127.0.0.1",
                "ENOENT", "detail");
    }

    @Test
    void selectsByPathPrefixTimeAndCursorOldestFirst() {
        try (AuditTable table = AuditTable.open(dir.resolve("audit.db"))) {
            table.append(List.of(at("/a", 0), at("/a/x", 1), at("/a/y/z", 2), at("/ab", 3), at("/a", 4), at("/b", 5)));

            assertThat(paths(table, new AuditQuery("/a", null, null, 0, 100))).containsExactly("/a", "/a");
            assertThat(paths(table, new AuditQuery("/a/", null, null, 0, 100))).containsExactly("/a/x", "/a/y/z");
            assertThat(paths(table, new AuditQuery(null, T0.plusSeconds(1), T0.plusSeconds(4), 0, 100)))
                    .containsExactly("/a/x", "/a/y/z", "/ab");
            List<AuditRecord> first = table.find(new AuditQuery(null, null, null, 0, 2));
            assertThat(first).extracting(AuditRecord::path).containsExactly("/a", "/a/x");
            assertThat(paths(table, new AuditQuery(null, null, null, first.get(1).id(), 100)))
                    .containsExactly("/a/y/z", "/ab", "/a", "/b");
            AuditRecord row = first.get(0);
            assertThat(row.uid()).isNull();
            assertThat(row.pid()).isNull();
            assertThat(row.time()).isEqualTo(T0);
            assertThat(row.caller()).isEqualTo("api 127.0.0.1");
            assertThat(row.outcome()).isEqualTo("ENOENT");
        }
    }

    private static List<String> paths(AuditTable table, AuditQuery query) {
        return table.find(query).stream().map(AuditRecord::path).toList();
    }
}
