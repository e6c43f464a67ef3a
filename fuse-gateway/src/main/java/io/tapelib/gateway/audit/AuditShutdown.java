package io.tapelib.gateway.audit;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Writes the audit records still queued at shutdown: after the gateway's own shutdown (which unmounts, so no call at
 * the mount is left to record) and before the audit log's database closes (beans are destroyed after every shutdown
 * observer).
 */
@ApplicationScoped
public class AuditShutdown {
    /** Longest shutdown waits for the queued records (a full queue is 64 batches of ~10 ms). */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);
    /** Later than the default priority of GatewayLifecycle's observer (jakarta.interceptor's APPLICATION + 500). */
    private static final int AFTER_UNMOUNT = 5_000;

    private final AuditLog log;

    public AuditShutdown(AuditLog log) {
        this.log = log;
    }

    void onStop(@Observes @Priority(AFTER_UNMOUNT) ShutdownEvent event) {
        if (log instanceof AuditWriter writer) {
            writer.close(FLUSH_TIMEOUT);
        }
    }
}
