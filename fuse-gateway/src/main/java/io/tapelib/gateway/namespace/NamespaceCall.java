package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheException;
import io.tapelib.gateway.cache.CacheFullException;
import io.tapelib.gateway.catalog.CatalogException;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;

import java.util.function.Supplier;

/**
 * Translates the catalog's and the cache's typed failures once, at the namespace's edge: a full cache is ENOSPC,
 * any other catalog or cache failure EIO, each message naming the operation and its subject.
 */
final class NamespaceCall {
    private NamespaceCall() {
    }

    /** Runs one namespace operation and returns its result; see the class comment for the errors. */
    static <T> T call(String operation, String subject, Supplier<T> work) {
        try {
            return work.get();
        } catch (NamespaceException e) {
            throw e;
        } catch (CacheFullException e) {
            throw new NamespaceException(Errno.ENOSPC, operation + " " + subject + ": " + e.getMessage(), e);
        } catch (CacheException | CatalogException e) {
            throw new NamespaceException(Errno.EIO, operation + " " + subject + ": " + e.getMessage(), e);
        }
    }

    /** {@link #call} for an operation without a result. */
    static void run(String operation, String subject, Runnable work) {
        call(operation, subject, () -> {
            work.run();
            return null;
        });
    }
}
