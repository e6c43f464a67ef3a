package io.tapelib.gateway.audit;

import io.tapelib.gateway.catalog.AuditRecord;

/**
 * Where audit records go (issue 14). {@link #record} never blocks and never throws: a record that cannot be kept is
 * counted and dropped (the mount must not wait for its own audit).
 */
@FunctionalInterface
public interface AuditLog {
    /** The log of AUDIT=off: keeps nothing. */
    AuditLog OFF = record -> {
    };

    /** Hands a record over to be stored; returns at once. */
    void record(AuditRecord record);
}
