package io.tapelib.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tapelib.cli.command.AuditCommand;
import io.tapelib.cli.command.EvictCommand;
import io.tapelib.cli.command.ExportCommand;
import io.tapelib.cli.command.FindCommand;
import io.tapelib.cli.command.ImportCommand;
import io.tapelib.cli.command.JobsCommand;
import io.tapelib.cli.command.LibraryCommand;
import io.tapelib.cli.command.ListCommand;
import io.tapelib.cli.command.LoadCommand;
import io.tapelib.cli.command.RebuildCommand;
import io.tapelib.cli.command.RecallCommand;
import io.tapelib.cli.command.ReclaimCommand;
import io.tapelib.cli.command.StatusCommand;
import io.tapelib.cli.command.SyncCommand;
import io.tapelib.cli.command.TapesCommand;
import io.tapelib.cli.command.UnloadCommand;
import io.tapelib.cli.command.WhereCommand;
import io.tapelib.cli.follow.JobFollower;
import io.tapelib.cli.follow.LineProgressView;
import io.tapelib.cli.follow.ProgressView;
import io.tapelib.cli.follow.TerminalProgressView;
import io.tapelib.cli.http.ApiClient;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code tapelib}: the operator's command line, a thin client of the gateway's and the controller's REST APIs
 * (docs/operator-api.md). The options below are accepted before or after the subcommand.
 */
@Command(name = "tapelib", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, version = "tapelib 0.1.0",
        description = "The Tape Library Service's operator command line: a client of the gateway's and the"
                + " controller's REST APIs.",
        footer = ExitCodes.FOOTER,
        subcommands = {StatusCommand.class, LibraryCommand.class, TapesCommand.class, ListCommand.class,
                FindCommand.class, WhereCommand.class, RecallCommand.class, EvictCommand.class, LoadCommand.class,
                UnloadCommand.class, ImportCommand.class, ExportCommand.class, ReclaimCommand.class,
                SyncCommand.class, RebuildCommand.class, JobsCommand.class, AuditCommand.class,
                CommandLine.HelpCommand.class})
public final class TapelibCli {

    @Option(names = "--gateway", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:TAPELIB_GATEWAY_URL:-http://127.0.0.1:9081}",
            description = "The fuse-gateway (env TAPELIB_GATEWAY_URL; default ${DEFAULT-VALUE}).")
    URI gatewayUrl;

    @Option(names = "--controller", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:TAPELIB_CONTROLLER_URL:-http://127.0.0.1:9080}",
            description = "The tape-controller (env TAPELIB_CONTROLLER_URL; default ${DEFAULT-VALUE}).")
    URI controllerUrl;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", defaultValue = "${env:OPERATOR_TOKEN}",
            description = "The operator token, sent as Authorization: Bearer (env OPERATOR_TOKEN, which keeps it out"
                    + " of the process list).")
    String token;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest wait for one answer, seconds (default ${DEFAULT-VALUE}); robot moves and a sync"
                    + " have their own --wait.")
    long timeoutSeconds;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the servers' JSON instead of tables (for scripts).")
    boolean json;

    @Option(names = "--mount", scope = ScopeType.INHERIT, paramLabel = "DIR",
            defaultValue = "${env:FUSE_MOUNT_POINT:-/mnt/tape_library}",
            description = "The mount point, to accept paths under it (env FUSE_MOUNT_POINT; default ${DEFAULT-VALUE}).")
    Path mount;

    private final boolean terminal;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private HttpClient http;
    private PrintWriter out;
    private PrintWriter err;

    TapelibCli(boolean terminal) {
        this.terminal = terminal;
    }

    /** Entry point: exits with the code of docs/operator-api.md "tapelib exit codes". */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, System.console() != null));
    }

    /**
     * Runs one command line.
     *
     * @param terminal whether the output is a terminal (progress bars redrawn in place)
     * @return the exit code
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, boolean terminal) {
        TapelibCli root = new TapelibCli(terminal);
        root.out = out;
        root.err = err;
        CommandLine line = new CommandLine(root);
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((failure, command, parsed) -> {
            err.println("tapelib: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
            err.flush();
            return ExitCodes.of(failure);
        });
        return line.execute(args);
    }

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout()).followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }

    private Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /** The gateway's API. */
    public ApiClient gateway() {
        return new ApiClient(http(), mapper, gatewayUrl, Optional.ofNullable(token), timeout());
    }

    /** The controller's API. */
    public ApiClient controller() {
        return new ApiClient(http(), mapper, controllerUrl, Optional.ofNullable(token), timeout());
    }

    /** Follows both processes' jobs. */
    public JobFollower follower() {
        return new JobFollower(gateway(), controller(), mapper, Duration.ofSeconds(1));
    }

    /** Progress bars redrawn in place on a terminal, a line per change otherwise. */
    public ProgressView progressView() {
        return terminal ? new TerminalProgressView(out) : new LineProgressView(out);
    }

    /** Paths as typed to catalog paths. */
    public MountPaths paths() {
        return new MountPaths(mount, Path.of("").toAbsolutePath());
    }

    /** Whether --json was given. */
    public boolean json() {
        return json;
    }

    /** Standard output. */
    public PrintWriter out() {
        return out;
    }

    /** Standard error: notes and partial failures. */
    public PrintWriter err() {
        return err;
    }

    /** The shared mapper. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Prints {@code node} as indented JSON. */
    public void printJson(JsonNode node) {
        try {
            out.println(mapper.writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON: " + e.getOriginalMessage(), e);
        }
    }
}
