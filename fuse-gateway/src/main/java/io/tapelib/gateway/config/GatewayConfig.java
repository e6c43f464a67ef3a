package io.tapelib.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's settings (shared/DESIGN.md section 8). Each key is set by the environment variable named
 * in application.properties (FUSE_MOUNT_POINT, CACHE_DIR, CACHE_MAX_BYTES, CATALOG_DB, WRITE_DELAY,
 * RECALL_TIMEOUT, RECALL_MAX_WAIT, MIGRATION_SPLIT_BYTES, CACHE_WAIT_TIMEOUT, CONTROLLER_GRPC, CATALOG_BACKUP_DIR, METADATA_SYNC_INTERVAL,
 * DURABILITY, COMMIT_INTERVAL, FUSE_API, RECLAIM_THRESHOLD, RECLAIM_BATCH_BYTES, RECLAIM_INTERVAL).
 */
@ConfigMapping(prefix = "tapelib")
public interface GatewayConfig {

    /** Where the library is mounted. */
    Path mountPoint();

    /** The disk cache directory. */
    Path cacheDir();

    /** The disk cache's size limit, bytes. */
    long cacheMaxBytes();

    /** The SQLite catalog file. */
    Path catalogDb();

    /**
     * Where catalog backups go (one after each tape index write, the newest 3 kept); unset means a {@code backup}
     * directory next to {@link #catalogDb()}.
     */
    Optional<Path> catalogBackupDir();

    /** How long a written file must stay unchanged before it is migrated. */
    Duration writeDelay();

    /**
     * MIGRATION_SPLIT_BYTES: with several drives, a write-back round's work is shared among them (whole directories,
     * a fair share each) only when a share is at least this many bytes, since a second drive costs a cartridge load.
     * Unset: what a drive streams while another loads, from the library's timings (LTO-5 in an MSL4048: 140 MB/s
     * times 32 s of robot move and load, about 4.5 GB), and 0 when the library's time scale is 0.
     */
    Optional<Long> migrationSplitBytes();

    /**
     * The longest a metadata change of an entry on tape (rename, deletion, attributes) waits for its tape's next
     * index write before the gateway writes it on its own (UpdateIndex, loading the cartridge), counted from the
     * tape's oldest pending change.
     */
    @WithDefault("1h")
    Duration metadataSyncInterval();

    /**
     * How long a reader of an offline file waits for its recall's bytes before EIO: from the recall's start or its
     * last bytes, however many read calls the reader makes.
     */
    Duration recallTimeout();

    /**
     * RECALL_MAX_WAIT: while a cartridge is in a drive, recalls for it that keep arriving are served before it is
     * exchanged, but no request for another cartridge waits longer than this for a drive (oldest first across
     * cartridges, as CERN's CTA does with its minimum request age).
     */
    @WithDefault("5m")
    Duration recallMaxWait();

    /**
     * DURABILITY: when written data and the catalog reach stable storage. {@code commit} (default): at fsync or
     * fdatasync, at unmount, and at the latest every {@link #commitInterval()}, as a local disk does; {@code close}:
     * also at every close of a written file.
     */
    @WithDefault("commit")
    Durability durability();

    /**
     * COMMIT_INTERVAL: the most a power loss may lose of writes that no fsync covered (ext4's commit interval).
     */
    @WithDefault("5s")
    Duration commitInterval();

    /** When written data is made durable (DURABILITY). */
    enum Durability {
        /** At fsync/fdatasync, unmount and every COMMIT_INTERVAL. */
        COMMIT,
        /** As {@link #COMMIT}, and at every close of a file that was written. */
        CLOSE
    }

    /** How long a write that needs cache room waits for eviction or migration to make it before ENOSPC. */
    Duration cacheWaitTimeout();

    /** The controller's gRPC address, host:port. */
    String controllerGrpc();

    /** Deadline of a unary call to the controller. */
    @WithDefault("10s")
    Duration controllerCallDeadline();

    /** Deadline of a whole ReadIndex, Recall or Migrate call (the robot and the tape may take minutes). */
    @WithDefault("6h")
    Duration controllerStreamDeadline();

    /** How often the write-back looks for files whose write delay has passed. */
    @WithDefault("1s")
    Duration writeBackInterval();

    /**
     * RECLAIM_THRESHOLD: a cartridge whose dead bytes (used minus those of its live files) pass this share of its
     * capacity has its live files copied to another cartridge and is formatted (issue 13).
     */
    @WithDefault("0.20")
    double reclaimThreshold();

    /** RECLAIM_BATCH_BYTES: most bytes copied in one Reclaim call, bytes: a recall waits at most one batch for a drive. */
    @WithDefault("2000000000")
    long reclaimBatchBytes();

    /** RECLAIM_INTERVAL: how often the gateway looks for a cartridge past RECLAIM_THRESHOLD. */
    @WithDefault("5m")
    Duration reclaimInterval();

    /**
     * OPERATOR_TOKEN: when set, every operator REST call (/api/...), the console's calls and the gateway's own gRPC
     * calls to the controller carry {@code Authorization: Bearer <token>}; calls without it get 401. Health
     * (/q/health) stays open. Unset (the default): no token asked for (the APIs listen on localhost).
     */
    Optional<String> operatorToken();

    /** AUDIT_RETENTION: how long audit records are kept before they are purged (issue 14). */
    @WithDefault("365d")
    Duration auditRetention();

    /**
     * AUDIT: {@code on} (the default) records every change at the mount and through the API in the audit log;
     * {@code off} records nothing (for a site that does not want it, and the benchmark's comparison).
     */
    @WithDefault("on")
    Audit audit();

    /** The FUSE settings of the mount. */
    Fuse fuse();

    /** FUSE settings. */
    interface Fuse {
        /**
         * FUSE_API: the libfuse the mount runs on, {@code 3} (the default: libfuse 3.12+ through the gateway's own
         * binding, 1 MiB requests, no FLUSH at the close of a read-only open, a fixed worker pool) or {@code 2}
         * (libfuse 2.9 through jnr-fuse, the binding of sessions 1 to 10).
         */
        @WithDefault("3")
        int api();
    }

    /** Whether the audit log records (AUDIT). */
    enum Audit {
        ON,
        OFF
    }
}
