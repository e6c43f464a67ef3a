package io.tapelib.gateway.namespace;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the namespace (shared/DESIGN.md section 8).
 *
 * @param recallTimeout  RECALL_TIMEOUT: longest a read waits for recalled bytes before EIO
 * @param maxNameBytes   longest name, bytes of UTF-8 (255, LTFS Format Specification 2.4 and Linux NAME_MAX);
 *                       what statfs reports
 * @param durableAtClose DURABILITY=close: every close of a handle that wrote makes the file's object, journal and
 *                       the catalog durable (fsync), as fsync does; false (DURABILITY=commit, the default): only
 *                       fsync, the periodic commit and unmount do
 */
public record NamespaceConfig(Duration recallTimeout, int maxNameBytes, boolean durableAtClose) {
    /** DURABILITY=commit. */
    public NamespaceConfig(Duration recallTimeout, int maxNameBytes) {
        this(recallTimeout, maxNameBytes, false);
    }

    public NamespaceConfig {
        Objects.requireNonNull(recallTimeout, "recallTimeout");
        if (recallTimeout.isNegative() || maxNameBytes <= 0) {
            throw new IllegalArgumentException("bad namespace settings: recall timeout " + recallTimeout
                    + ", max name " + maxNameBytes + " bytes");
        }
    }
}
