package io.tapelib.gateway.api;

import io.tapelib.gateway.audit.AuditLog;
import io.tapelib.gateway.catalog.AuditRecord;
import io.tapelib.gateway.posix.Errno;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Records the REST calls that recall, evict, export or import (issue 14) with caller {@code "api <remote address>"}:
 * one record per call, after its answer, whatever resource serves it (so the operator forwards record too). The
 * outcome is "ok" for a 2xx answer, else the errno closest to the status (400 EINVAL, 401/403 EACCES, 404 ENOENT,
 * 409 EBUSY, 413 E2BIG, 503 EAGAIN, others EIO); the detail names the call and a summary of the answer.
 */
public class AuditedCalls {
    /** Most characters of an answer kept in a record's detail. */
    private static final int DETAIL_LIMIT = 300;

    /** Which calls are audited: method POST, the path (after /api/v1/) and the action it is. */
    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("recall"), "recall"),
            new Rule(Pattern.compile("evict|cache/evict"), "evict"),
            new Rule(Pattern.compile("tapes/([^/]+)/export"), "export"),
            new Rule(Pattern.compile("import"), "import"));

    private final AuditLog log;
    private final Clock clock;

    public AuditedCalls(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    private record Rule(Pattern path, String action) {
    }

    @ServerResponseFilter
    public void afterCall(ContainerRequestContext request, ContainerResponseContext response,
                          HttpServerRequest http) {
        if (!"POST".equals(request.getMethod())) {
            return;
        }
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/v1/")) {
            return;
        }
        String rest = path.substring("/api/v1/".length());
        for (Rule rule : RULES) {
            Matcher matcher = rule.path().matcher(rest);
            if (matcher.matches()) {
                record(rule.action(), matcher.groupCount() > 0 ? "cartridge " + matcher.group(1) + ": " : "",
                        path, response, http);
                return;
            }
        }
    }

    private void record(String action, String subject, String path, ContainerResponseContext response,
                        HttpServerRequest http) {
        SocketAddress remote = http == null ? null : http.remoteAddress();
        String caller = "api " + (remote == null ? "unknown" : remote.hostAddress());
        Object entity = response.getEntity();
        String answer = entity == null ? "" : entity.toString();
        String detail = subject + "POST " + path + " " + response.getStatus()
                + (answer.isEmpty() ? "" : ": " + answer);
        if (detail.length() > DETAIL_LIMIT) {
            detail = detail.substring(0, DETAIL_LIMIT) + "...";
        }
        log.record(new AuditRecord(0, clock.instant(), action, null, null, null, null, null, caller,
                outcome(response.getStatus()), detail));
    }

    /** "ok" for 2xx, else the errno closest to the status. */
    static String outcome(int status) {
        if (status >= 200 && status < 300) {
            return AuditRecord.OK;
        }
        Errno errno = switch (status) {
            case 400 -> Errno.EINVAL;
            case 401, 403 -> Errno.EACCES;
            case 404 -> Errno.ENOENT;
            case 409 -> Errno.EBUSY;
            case 413 -> Errno.E2BIG;
            case 503 -> Errno.EAGAIN;
            default -> Errno.EIO;
        };
        return errno.name();
    }
}
