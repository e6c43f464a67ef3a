package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a {@link NamespaceFixture} of its own, in a new temporary directory, and closes and deletes it
 * after the test. Before the test's {@code @BeforeEach} methods run, it sets the test class's fields of type
 * {@link NamespaceFixture} to the fixture, and those of type {@link CatalogNamespace}, {@link Catalog},
 * {@link CacheStore} and {@link PendingWrites} to the fixture's namespace, catalog, cache and pending writes.
 *
 * <p>{@code @ExtendWith(NamespaceFixtureExtension.class)} gives a namespace on the system clock whose recall requests
 * go nowhere; a class that needs another clock or sees the recall requests registers one instead:
 * {@code @RegisterExtension final NamespaceFixtureExtension namespaces = NamespaceFixtureExtension.onClock(clock);}
 */
final class NamespaceFixtureExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NamespaceFixture.class);

    private final Clock clock;
    private final RecallRequester recalls;

    /** A namespace on the system clock whose recall requests go nowhere. */
    NamespaceFixtureExtension() {
        this(Clock.systemUTC(), inode -> { });
    }

    private NamespaceFixtureExtension(Clock clock, RecallRequester recalls) {
        this.clock = clock;
        this.recalls = recalls;
    }

    /** A namespace reading {@code clock} for creation, change and UTIME_NOW times. */
    static NamespaceFixtureExtension onClock(Clock clock) {
        return new NamespaceFixtureExtension(clock, inode -> { });
    }

    /** A namespace asking {@code recalls} for offline content; nothing delivers it unless the test does. */
    static NamespaceFixtureExtension recallingTo(RecallRequester recalls) {
        return new NamespaceFixtureExtension(Clock.systemUTC(), recalls);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        NamespaceFixture fixture = new NamespaceFixture(Files.createTempDirectory("namespace-test-"), clock, recalls);
        context.getStore(STORE).put(NamespaceFixture.class, fixture);
        Object test = context.getRequiredTestInstance();
        set(test, NamespaceFixture.class, fixture);
        set(test, CatalogNamespace.class, fixture.namespace());
        set(test, Catalog.class, fixture.catalog());
        set(test, CacheStore.class, fixture.cache());
        set(test, PendingWrites.class, fixture.pending());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        NamespaceFixture fixture = context.getStore(STORE).remove(NamespaceFixture.class, NamespaceFixture.class);
        try {
            fixture.close();
        } finally {
            try (Stream<Path> files = Files.walk(fixture.dir())) {
                files.sorted(Comparator.reverseOrder()).forEach(NamespaceFixtureExtension::delete);
            }
        }
    }

    private static <T> void set(Object test, Class<T> type, T value) {
        for (Field field : test.getClass().getDeclaredFields()) {
            if (field.getType() == type && !Modifier.isStatic(field.getModifiers())
                    && !Modifier.isFinal(field.getModifiers())) {
                field.setAccessible(true);
                try {
                    field.set(test, value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot set " + field, e);
                }
            }
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
