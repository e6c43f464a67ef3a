package io.tapelib.gateway.audit;

import io.quarkus.scheduler.Scheduled;
import io.tapelib.gateway.catalog.AuditTable;
import io.tapelib.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Keeps the audit log to AUDIT_RETENTION (issue 14): once an hour, records older than that are deleted in small
 * transactions of {@value #DELETES_PER_TRANSACTION} rows, so that a purge of a year's worth never holds the audit
 * log's writer (and with it the records waiting to be appended) for long.
 */
@ApplicationScoped
public class AuditRetention {
    /** Rows deleted in one transaction. */
    static final int DELETES_PER_TRANSACTION = 1_000;
    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final AuditTable table;
    private final Duration retention;
    private final Clock clock;

    /** For CDI: the audit log's database, AUDIT_RETENTION. */
    @Inject
    public AuditRetention(AuditTable table, GatewayConfig config, Clock clock) {
        this(table, config.auditRetention(), clock);
    }

    AuditRetention(AuditTable table, Duration retention, Clock clock) {
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    /** The hourly purge; a failure is logged and the next hour tries again. */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warnf("The audit log's purge failed: %s; trying again in an hour", e.getMessage());
        }
    }

    /**
     * Deletes every record older than the retention, a transaction per {@value #DELETES_PER_TRANSACTION} rows.
     *
     * @return how many were deleted
     * @throws io.tapelib.gateway.catalog.CatalogException when the audit database fails (what was deleted stays
     *                                                     deleted)
     */
    public long purge() {
        Instant before = clock.instant().minus(retention);
        long total = 0;
        int deleted;
        do {
            deleted = table.purgeBefore(before, DELETES_PER_TRANSACTION);
            total += deleted;
        } while (deleted == DELETES_PER_TRANSACTION);
        if (total > 0) {
            LOG.infof("Purged %d audit records older than %s (AUDIT_RETENTION %s)", total, before, retention);
        }
        return total;
    }
}
