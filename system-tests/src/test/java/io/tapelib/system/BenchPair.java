package io.tapelib.system;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Public view of the package-private {@link LibraryPair} for the benchmarks in {@code io.tapelib.system.bench}
 * (started by {@code deploy/bench.sh}, never by {@code mvn verify}): the two real jars on a virtual library under
 * {@code work}, mounted at {@code work/mnt}. The jars are named by the system properties {@code tapelib.controller.jar}
 * and {@code tapelib.gateway.jar}, as in the system tests. Closing stops both and unmounts.
 */
public final class BenchPair implements AutoCloseable {
    private final LibraryPair pair;

    private BenchPair(LibraryPair pair) {
        this.pair = pair;
    }

    /**
     * Nothing runs yet; logs go to {@code target/system-test-logs/<name>} of the working directory.
     *
     * @param controllerSettings environment added to or replacing the controller's (TAPELIB_VIRTUAL_DRIVES ...)
     * @param gatewaySettings    environment added to or replacing the gateway's (WRITE_DELAY ...)
     * @throws IOException the log directory cannot be created
     */
    public static BenchPair create(String name, Path work, Map<String, String> controllerSettings,
                                   Map<String, String> gatewaySettings) throws IOException {
        return new BenchPair(new LibraryPair(name, work, controllerSettings, gatewaySettings));
    }

    /** Starts the controller, then the gateway, each until ready (at most 120 s each). */
    public BenchPair start() throws IOException {
        pair.start();
        return this;
    }

    /** Starts the controller only, until ready (at most 120 s). */
    public void startController() throws IOException {
        pair.controller.start();
    }

    /**
     * Starts the gateway until it reports ready (mounted, after cataloguing the cartridges new to its catalog),
     * waiting at most {@code atMost}.
     *
     * @throws IllegalStateException the gateway exited or was not ready in time
     */
    public void startGateway(Duration atMost) throws IOException, InterruptedException {
        long started = System.nanoTime();
        try {
            pair.gateway.start();
            return;
        } catch (ConditionTimeoutException e) {
            // its own 120 s passed: keep waiting up to the caller's deadline
        }
        Duration left = atMost.minusNanos(System.nanoTime() - started);
        try {
            Awaitility.await().atMost(left.isNegative() ? Duration.ZERO : left).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!pair.gateway.alive()) {
                            throw new IllegalStateException("the gateway exited; log: " + pair.gateway.log());
                        }
                        return pair.gateway.ready();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the gateway is not ready after " + atMost + "; log: "
                    + pair.gateway.log(), e);
        }
    }

    /**
     * The controller's {@code import} command (controller not running) at -Xmx{@code maxHeap}.
     *
     * @throws IllegalStateException the import failed; the message holds its output
     */
    public String importTree(Path source, List<String> volumeTags, String maxHeap) throws IOException,
            InterruptedException {
        Commands.Result result = pair.controllerCliWithHeap(maxHeap, "import", "--source", source.toString(),
                "--volume-tags", String.join(",", volumeTags));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("import failed: " + result.stdout() + result.stderr());
        }
        return result.stdout();
    }

    /**
     * The controller's {@code import} command (controller not running), at -Xmx256m.
     *
     * @throws IllegalStateException the import failed; the message holds its output
     */
    public String importTree(Path source, List<String> volumeTags) throws IOException, InterruptedException {
        Commands.Result result = pair.controllerCli("import", "--source", source.toString(), "--volume-tags",
                String.join(",", volumeTags));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("import failed: " + result.stdout() + result.stderr());
        }
        return result.stdout();
    }

    public Path mount() {
        return pair.mount;
    }

    /** The virtual library's cartridge directories' parent. */
    public Path cartridges() {
        return pair.cartridges;
    }

    public String controllerUrl() {
        return pair.controller.baseUrl();
    }

    public String gatewayUrl() {
        return pair.gateway.baseUrl();
    }

    public long controllerPid() {
        return pair.controller.pid();
    }

    public long gatewayPid() {
        return pair.gateway.pid();
    }

    public Path controllerLog() {
        return pair.controller.log();
    }

    public Path gatewayLog() {
        return pair.gateway.log();
    }

    /** Stops the gateway (SIGTERM, it unmounts), then starts it again with {@code changes} to its settings. */
    public void restartGateway(Map<String, String> changes) throws IOException, InterruptedException {
        pair.gateway.stop();
        pair.reconfigureGateway(changes);
        pair.gateway.start();
    }

    @Override
    public void close() throws Exception {
        pair.close();
    }
}
