package io.tapelib.gateway.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A closed file's writes reach the catalog at the next commit with the time they were made (issue 12); a change of
 * its status in between (chmod here) is later, and the commit must not set the change time back to the write's.
 */
class ChangeTimeAfterCloseTest {
    private static final Instant WRITTEN = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant CHMODDED = WRITTEN.plusSeconds(2);
    private static final Instant COMMITTED = WRITTEN.plusSeconds(4);

    private final SettableClock clock = new SettableClock(WRITTEN);
    @RegisterExtension
    final NamespaceFixtureExtension namespaces = NamespaceFixtureExtension.onClock(clock);
    private CatalogNamespace namespace;
    private Catalog catalog;

    @Test
    void aChmodBetweenTheCloseAndTheCommitKeepsItsChangeTime() {
        long handle = namespace.create("/f", 0644, 1000, 1000);
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        namespace.write(handle, ByteBuffer.wrap(bytes), 0, bytes.length);
        namespace.flush(handle);
        namespace.release(handle);
        clock.set(CHMODDED);
        namespace.chmod("/f", 0600);
        clock.set(COMMITTED);

        namespace.commit();

        Inode row = catalog.get(namespace.getattr("/f").inode()).orElseThrow();
        assertThat(row.size()).isEqualTo(5);
        assertThat(row.mtime()).isEqualTo(WRITTEN);
        assertThat(row.ctime()).as("the chmod's time, not the write's").isEqualTo(CHMODDED);
        assertThat(namespace.getattr("/f").ctime()).isEqualTo(CHMODDED);
    }
}
