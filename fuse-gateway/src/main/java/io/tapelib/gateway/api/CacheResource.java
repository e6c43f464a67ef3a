package io.tapelib.gateway.api;

import io.tapelib.gateway.cache.CacheStore;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Operator actions on the disk cache. */
@Path("/api/v1/cache")
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {
    private final CacheStore cache;

    public CacheResource(CacheStore cache) {
        this.cache = cache;
    }

    /**
     * Drops every clean file from the cache (their next read recalls them from tape). Dirty and
     * recalling files stay: they are the only copy, or are being read.
     *
     * @return {"evicted": number of files dropped, "usedBytes": cache use afterwards in bytes}
     */
    @POST
    @Path("/evict")
    public Map<String, Long> evictAll() {
        int evicted = cache.evictAll();
        return Map.of("evicted", (long) evicted, "usedBytes", cache.usedBytes());
    }
}
