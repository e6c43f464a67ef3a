package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.namespace.NamespaceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The real {@link CatalogNamespace} over a new SQLite catalog and cache directory under {@code dir}, mounted with the
 * real {@link MountManager} at {@code dir/mnt}; nothing is ever recalled (no tape holds these files). Closing
 * unmounts, detaches whatever is left lazily even after a failure, and closes cache and catalog. Needs root,
 * /dev/fuse and libfuse2 (deploy/install-deps.sh).
 */
final class RealMount implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final Catalog catalog;
    final CacheStore cache;
    final CatalogNamespace namespace;
    final MountManager manager;
    final Path mountPoint;

    /**
     * The libfuse the tests mount with: system property {@code tapelib.test.fuse.api} (2, the default, or 3), so that
     * the same tests run on either binding ({@code ./mvnw verify -pl fuse-gateway -Dtapelib.test.fuse.api=3}).
     */
    static final FuseApi API = FuseApi.of(Integer.getInteger("tapelib.test.fuse.api", 2));

    /** @param cacheMaxBytes CACHE_MAX_BYTES of the cache, bytes */
    RealMount(Path dir, long cacheMaxBytes) {
        this(dir, cacheMaxBytes, (catalog, tree) -> tree);
    }

    /**
     * As {@link #RealMount(Path, long)}, the mount showing what {@code shown} makes of the catalog and the namespace
     * (a decorator of it).
     */
    RealMount(Path dir, long cacheMaxBytes, BiFunction<Catalog, CatalogNamespace, Namespace> shown) {
        this(dir, cacheMaxBytes, shown, API);
    }

    /** As {@link #RealMount(Path, long, BiFunction)}, on the given libfuse. */
    RealMount(Path dir, long cacheMaxBytes, BiFunction<Catalog, CatalogNamespace, Namespace> shown, FuseApi api) {
        catalog = Catalog.open(dir.resolve("catalog.db"));
        cache = new CacheStore(dir.resolve("cache"), cacheMaxBytes);
        namespace = new CatalogNamespace(catalog, cache, inode -> { }, Clock.systemUTC(),
                new NamespaceConfig(Duration.ofSeconds(5), 255));
        mountPoint = dir.resolve("mnt");
        manager = new MountManager(shown.apply(catalog, namespace), id -> {
            List<String> names = new ArrayList<>();
            catalog.pathOf(id).ifPresent(names::add);
            names.addAll(catalog.furtherPaths(id));
            return names;
        }, mountPoint, TIMEOUT, api);
        manager.mount();
    }

    @Override
    public void close() {
        try {
            manager.unmount();
        } finally {
            // Whatever happened, leave no mount behind in the temporary directory.
            LazyUnmounter.detach(manager.mountPoint(), TIMEOUT);
            cache.close();
            catalog.close();
        }
    }

    /**
     * Runs a command in UTC (touch -d reads local time) and returns its output (standard output and error); asserts
     * its exit status.
     *
     * @throws AssertionError when it cannot run, runs longer than 20 s or exits otherwise
     */
    static String run(int expectedExit, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("TZ", "UTC");
            Process process = builder.start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(List.of(command) + " did not finish in 20 s");
            }
            String text = output.get();
            assertThat(process.exitValue()).as("%s: %s", List.of(command), text).isEqualTo(expectedExit);
            return text;
        } catch (IOException | ExecutionException e) {
            throw new AssertionError("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
