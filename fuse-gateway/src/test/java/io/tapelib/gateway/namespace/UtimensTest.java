package io.tapelib.gateway.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * utimensat(2) semantics of {@link CatalogNamespace#utimens}: UTIME_OMIT leaves a time, UTIME_NOW takes the
 * namespace clock's time, and the change time follows POSIX.1-2008 (futimens).
 */
class UtimensTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2026-01-02T00:00:00.25Z");
    private static final Instant GIVEN = Instant.parse("2001-02-03T04:05:06.123456789Z");

    private final SettableClock clock = new SettableClock(CREATED);
    @RegisterExtension
    final NamespaceFixtureExtension namespaces = NamespaceFixtureExtension.onClock(clock);
    private CatalogNamespace namespace;

    @BeforeEach
    void createTheFile() {
        namespace.release(namespace.create("/f", 0644, 1000, 1000));
        clock.set(LATER);
    }

    @Test
    void omittedAccessTimeStaysAndModificationTimeIsSet() {
        namespace.utimens("/f", TimeChange.omit(), TimeChange.at(GIVEN));

        FileAttributes after = namespace.getattr("/f");
        assertThat(after.atime()).isEqualTo(CREATED);
        assertThat(after.mtime()).isEqualTo(GIVEN);
        assertThat(after.ctime()).isEqualTo(LATER);
    }

    @Test
    void omittedModificationTimeStaysAndAccessTimeIsSet() {
        namespace.utimens("/f", TimeChange.at(GIVEN), TimeChange.omit());

        FileAttributes after = namespace.getattr("/f");
        assertThat(after.atime()).isEqualTo(GIVEN);
        assertThat(after.mtime()).isEqualTo(CREATED);
        assertThat(after.ctime()).isEqualTo(LATER);
    }

    @Test
    void nowOnBothSidesSetsAllThreeTimesToTheClocksOneInstant() {
        namespace.utimens("/f", TimeChange.now(), TimeChange.now());

        FileAttributes after = namespace.getattr("/f");
        assertThat(after.atime()).isEqualTo(LATER);
        assertThat(after.mtime()).isEqualTo(LATER);
        assertThat(after.ctime()).isEqualTo(LATER);
    }

    @Test
    void nowOnOneSideLeavesTheOmittedOne() {
        namespace.utimens("/f", TimeChange.at(GIVEN), TimeChange.at(GIVEN));
        Instant latest = LATER.plusSeconds(60);
        clock.set(latest);

        namespace.utimens("/f", TimeChange.omit(), TimeChange.now());

        FileAttributes after = namespace.getattr("/f");
        assertThat(after.atime()).isEqualTo(GIVEN);
        assertThat(after.mtime()).isEqualTo(latest);
        assertThat(after.ctime()).isEqualTo(latest);
    }

    @Test
    void bothOmittedChangesNothingNotEvenTheChangeTime() {
        FileAttributes before = namespace.getattr("/f");

        namespace.utimens("/f", TimeChange.omit(), TimeChange.omit());

        FileAttributes after = namespace.getattr("/f");
        assertThat(after.atime()).isEqualTo(before.atime());
        assertThat(after.mtime()).isEqualTo(before.mtime());
        assertThat(after.ctime()).isEqualTo(before.ctime()).isEqualTo(CREATED);
    }

    @Test
    void missingPathIsEnoentEvenWhenBothAreOmitted() {
        assertThatThrownBy(() -> namespace.utimens("/missing", TimeChange.omit(), TimeChange.omit()))
                .isInstanceOf(NamespaceException.class)
                .extracting(e -> ((NamespaceException) e).errno()).isEqualTo(Errno.ENOENT);
    }

    @Test
    void anInstantAndNowTogetherAreRefused() {
        assertThatThrownBy(() -> new TimeChange(GIVEN, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
