package io.tapelib.cli.command;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tapelib audit [--path P] [--since T] [--until T]}: the gateway's GET /api/v1/audit, every page, oldest first. */
@Command(name = "audit", description = "The audit log, oldest first: who created, wrote, renamed, deleted, recalled,"
        + " evicted, exported ... what, when, and the outcome.")
public final class AuditCommand extends ApiCommand {
    private static final String LINE = "%-20s  %-11s  %-7s  %5s  %7s  %-15s  %-15s  %s%n";

    @Option(names = "--path", paramLabel = "PATH", description = "Only records of this path (catalog or under the"
            + " mount).")
    String path;

    @Option(names = "--since", paramLabel = "TIME", description = "From this instant (2026-12-05T09:00:00Z) or this"
            + " long ago (30m, 24h, 7d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Before this instant or this long ago.")
    String until;

    @Option(names = "--page", paramLabel = "N", defaultValue = "1000",
            description = "Records asked for per request, 1..10000 (default ${DEFAULT-VALUE}).")
    int page;

    private final Clock clock;

    AuditCommand() {
        this(Clock.systemUTC());
    }

    AuditCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    int run(TapelibCli root) throws IOException {
        Map<String, String> query = new HashMap<>();
        query.put("path", path == null ? null : root.paths().catalogPath(path));
        query.put("since", since == null ? null : instant("--since", since));
        query.put("until", until == null ? null : instant("--until", until));
        query.put("limit", Integer.toString(page));
        PrintWriter out = root.out();
        if (root.json()) {
            try (JsonGenerator array = root.mapper().getFactory().createGenerator(out)) {
                array.useDefaultPrettyPrinter();
                array.writeStartArray();
                CatalogPages.walk(root.gateway(), "audit", query, "records", record -> {
                    try {
                        array.writeTree(record);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                array.writeEndArray();
            }
            out.println();
            out.flush();
            return ExitCodes.OK;
        }
        out.printf(LINE, "TIME", "ACTION", "OUTCOME", "UID", "PID", "PROCESS", "CALLER", "PATH");
        CatalogPages.walk(root.gateway(), "audit", query, "records", r -> out.printf(LINE, Json.time(r, "time"),
                Json.text(r, "action"), Json.text(r, "outcome"), dash(Json.text(r, "uid")), dash(Json.text(r, "pid")),
                dash(Json.text(r, "process")), dash(Json.text(r, "caller")),
                r.path("path").asText() + (r.hasNonNull("newPath") ? " -> " + r.path("newPath").asText() : "")
                        + (r.hasNonNull("detail") ? "  (" + r.path("detail").asText() + ")" : "")));
        out.flush();
        return ExitCodes.OK;
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }

    /**
     * An ISO-8601 instant as typed, or {@code now - N} for "30m", "24h", "7d", "90s".
     *
     * @throws IllegalArgumentException naming the option when it is neither
     */
    String instant(String option, String typed) {
        String value = typed.strip().toLowerCase(Locale.ROOT);
        if (value.matches("\\d{1,9}[smhd]")) {
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            Duration ago = switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return clock.instant().minus(ago).toString();
        }
        try {
            return Instant.parse(typed.strip()).toString();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an instant (2026-12-05T09:00:00Z) or an age (30m,"
                    + " 24h, 7d), not " + (typed.length() > 64 ? typed.substring(0, 64) + "..." : typed));
        }
    }
}
