package io.tapelib.cli;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two servers the command line talks to, the gateway's and the controller's REST APIs, each a
 * {@link CannedServer} on a free local port: started before each test, stopped after it (also when it fails), and the
 * command line run against both. Register it as {@code @RegisterExtension final CannedServers servers = new
 * CannedServers();}.
 */
final class CannedServers implements BeforeEachCallback, AfterEachCallback {
    private CannedServer gateway;
    private CannedServer controller;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        gateway = new CannedServer();
        controller = new CannedServer();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (gateway != null) {
            gateway.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    /** The gateway's REST API (api/v1/status, files, recall, jobs, events ...). */
    CannedServer gateway() {
        return gateway;
    }

    /** The controller's REST API (api/v1/jobs, drives ...). */
    CannedServer controller() {
        return controller;
    }

    /** Runs the command line with {@code args} against both servers, its output not a terminal. */
    CliRun run(String... args) {
        return CliRun.of(gateway.url(), controller.url(), false, args);
    }
}
