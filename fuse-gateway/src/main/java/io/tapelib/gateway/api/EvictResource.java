package io.tapelib.gateway.api;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.posix.FileKind;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Dropping clean cached copies on an operator's request (issue 14): their next read recalls them from tape. */
@Path("/api/v1/evict")
@Produces(MediaType.APPLICATION_JSON)
public class EvictResource {
    private static final Logger LOG = Logger.getLogger(EvictResource.class);

    private final CacheStore cache;
    private final Catalog catalog;

    public EvictResource(CacheStore cache, Catalog catalog) {
        this.cache = cache;
        this.catalog = catalog;
    }

    /** The body: {@code paths} or {@code all: true}, exactly one. */
    public record EvictRequest(List<String> paths, Boolean all) {
    }

    /** A path not evicted, and why. */
    public record Rejected(String path, String reason) {
    }

    /** What an eviction did: files dropped, the cache's use afterwards (bytes), paths not evicted. */
    public record Evicted(int evicted, long usedBytes, List<Rejected> rejected) {
    }

    /**
     * {@code POST /api/v1/evict}: drops the cached copies of the given clean files (an offline one needs nothing), or
     * of every clean file with {@code {"all": true}}. Dirty files (their only copy), recalling ones and open ones stay.
     *
     * @return 200 with what was done; 400 naming the field unless exactly one of {@code paths} (1..100,000 absolute
     *         paths) and {@code all: true} is given
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Evicted evict(EvictRequest request) {
        if (request == null || request.paths() == null && request.all() == null) {
            throw new InvalidFieldException(null, "the body must be {\"paths\": [...]} or {\"all\": true}");
        }
        if (request.all() != null && request.paths() != null) {
            throw new InvalidFieldException("all", "give either paths or all, not both");
        }
        if (request.all() != null) {
            if (!request.all()) {
                throw new InvalidFieldException("all", "all must be true when given (or give paths)");
            }
            int evicted = cache.evictAll();
            LOG.infof("Evicted every clean cached file on request: %d files", evicted);
            return new Evicted(evicted, cache.usedBytes(), List.of());
        }
        List<String> paths = PathList.check(request.paths());
        int evicted = 0;
        List<Rejected> rejected = new ArrayList<>();
        for (String path : paths) {
            Optional<Inode> found = catalog.resolve(path);
            String refusal = found.isEmpty() ? "no such file or directory" : refusal(found.get());
            if (refusal != null) {
                rejected.add(new Rejected(path, refusal));
            } else if (cache.isPresent(found.get().id())) {
                if (cache.evict(found.get().id())) {
                    evicted++;
                } else {
                    rejected.add(new Rejected(path, "open or being written: it stays cached"));
                }
            }
        }
        LOG.infof("Evicted %d of %d files on request; %d refused", evicted, paths.size(), rejected.size());
        return new Evicted(evicted, cache.usedBytes(), rejected);
    }

    private String refusal(Inode inode) {
        if (inode.kind() != FileKind.FILE) {
            return "not a regular file";
        }
        if (inode.isDirty()) {
            return cache.isLost(inode.id()) ? "lost: its content was never on tape and is gone from the cache"
                    : "dirty: its only copy is in the cache until it migrates";
        }
        if (cache.isRecalling(inode.id())) {
            return "being recalled";
        }
        return null;
    }
}
