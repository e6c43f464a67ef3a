package io.tapelib.controller.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The controller on a fresh virtual MSL4048 (1 drive, TL0001L5..TL0008L5 in slots 1..8, CLN001L1 in slot 48) in a
 * temporary directory, without simulated delays. Shared by the REST and gRPC tests so that one app start serves both.
 */
public class VirtualLibraryProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            // The gRPC server's port must be known before the start for the gRPC client: ports free now rather than
            // fixed ones, so that two suites on one machine do not collide.
            int port = freePort();
            int grpcPort = freePort();
            // Under target/, so that the build's clean removes it (the app outlives any JUnit @TempDir).
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "virtual-library");
            return Map.of(
                    "tape.changer", "virtual:" + dir.resolve("library"),
                    "tape.mount-dir", dir.resolve("work").toString(),
                    "tapelib.virtual.time-scale", "0",
                    "quarkus.http.test-port", String.valueOf(port),
                    "quarkus.grpc.clients.tape.host", "localhost",
                    "quarkus.grpc.server.test-port", String.valueOf(grpcPort),
                    "quarkus.grpc.clients.tape.port", String.valueOf(grpcPort),
                    "quarkus.grpc.clients.tape.max-inbound-message-size", "4194304");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
