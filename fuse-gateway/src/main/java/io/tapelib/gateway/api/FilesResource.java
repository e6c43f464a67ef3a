package io.tapelib.gateway.api;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ListedEntry;
import io.tapelib.gateway.catalog.ListingPage;
import io.tapelib.gateway.namespace.CatalogNamespace;
import io.tapelib.gateway.status.FileStates;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The catalog's files for operators (issue 14): listings in pages, and every path with one content. */
@Path("/api/v1/files")
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {
    /** Entries one page looks at, at most, when a filter skips them: bounds a request's work. */
    static final int SCAN_LIMIT = 50_000;
    private static final Set<String> STATES = Set.of("cached", "offline", "dirty", "recalling", "lost", "shelved");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Catalog catalog;
    private final FileStates states;
    private final CatalogNamespace mount;

    /** @param mount whose writes not recorded yet (files closed since the last commit) are recorded before each answer */
    public FilesResource(Catalog catalog, FileStates states, CatalogNamespace mount) {
        this.catalog = catalog;
        this.states = states;
        this.mount = mount;
    }

    /** A page of a listing. */
    public record FilesPage(List<FileView> entries, String nextCursor) {
    }

    /** Every path with one content. */
    public record SameContent(String sha256, List<FileView> files) {
    }

    /**
     * {@code GET /api/v1/files}: the entries below {@code path} (docs/operator-api.md, "files order"), at most
     * {@code limit}; a page may hold fewer (a filter skipped more than {@value #SCAN_LIMIT} entries); only a null
     * {@code nextCursor} ends the walk.
     *
     * @param state only entries in this state (cached, offline, dirty, recalling, lost, shelved)
     * @param tape  only entries whose current content this cartridge holds
     * @return 200 with the page; 400 naming the field for a malformed path, state, tape, cursor or limit (1..10,000);
     *         404 when {@code path} does not exist
     */
    @GET
    public Response list(@QueryParam("path") String path, @QueryParam("recursive") String recursive,
                         @QueryParam("state") String state, @QueryParam("tape") String tape,
                         @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        List<String> root = RequestParams.path("path", path == null ? "/" : path);
        boolean deep = RequestParams.bool("recursive", recursive, false);
        int pageSize = RequestParams.integer("limit", limit, 1_000, 1, 10_000);
        Predicate<ListedEntry> filter = filter(state, tape);
        List<String> after = List.of();
        if (cursor != null && !cursor.isEmpty()) {
            List<String> last = RequestParams.cursorPath("cursor", cursor);
            if (last.size() <= root.size() || !last.subList(0, root.size()).equals(root)
                    || !deep && last.size() != root.size() + 1) {
                throw RequestParams.notOurs("cursor", cursor);
            }
            after = last.subList(root.size(), last.size());
        }
        mount.recordWrites();   // sizes and times as the mount shows them
        ListingPage page = catalog.listing().list(root, deep, after, pageSize, Math.max(pageSize, SCAN_LIMIT), filter)
                .orElse(null);
        if (page == null) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(new ApiError("no such file or directory: " + InvalidFieldException.echo(path), "path"))
                    .build();
        }
        return Response.ok(new FilesPage(page.entries().stream().map(this::view).toList(),
                page.lastPath() == null ? null : RequestParams.cursor(page.lastPath()))).build();
    }

    /**
     * {@code GET /api/v1/files/by-sha256/{hex}}: every path whose current content has this SHA-256 (at most 10,000).
     *
     * @return 200 with them; 400 unless 64 hexadecimal digits; 404 when no file has it
     */
    @GET
    @Path("/by-sha256/{hex}")
    public Response bySha256(@PathParam("hex") String hex) {
        if (hex == null || !SHA256.matcher(hex).matches()) {
            throw new InvalidFieldException("hex", "hex must be a SHA-256 of 64 hexadecimal digits, was "
                    + InvalidFieldException.echo(hex));
        }
        String sha256 = hex.toLowerCase(Locale.ROOT);
        mount.recordWrites();
        List<FileView> files = catalog.listing().withSha256(sha256, 10_000).stream().map(this::view).toList();
        if (files.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(new ApiError("no file has this content", "hex")).build();
        }
        return Response.ok(new SameContent(sha256, files)).build();
    }

    private FileView view(ListedEntry entry) {
        return FileView.of(entry, states.of(entry.inode(), entry.currentVolumes()));
    }

    private Predicate<ListedEntry> filter(String state, String tape) {
        Predicate<ListedEntry> filter = entry -> true;
        if (state != null && !state.isEmpty()) {
            if (!STATES.contains(state)) {
                throw new InvalidFieldException("state", "state must be one of " + STATES.stream().sorted().toList()
                        + ", was " + InvalidFieldException.echo(state));
            }
            filter = entry -> state.equals(states.of(entry.inode(), entry.currentVolumes()));
        }
        if (tape != null && !tape.isEmpty()) {
            String volumeTag = RequestParams.volumeTag("tape", tape);
            filter = filter.and(entry -> entry.currentVolumes().contains(volumeTag));
        }
        return filter;
    }
}
