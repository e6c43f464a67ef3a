package io.tapelib.gateway.api;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ReclaimRecord;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import io.tapelib.gateway.catalog.VolumeUse;
import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.LibraryInventory;
import io.tapelib.gateway.status.ControllerReach;
import io.tapelib.gateway.tiering.LibraryShelf;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The cartridges the catalog knows, with their fill (issue 14): live and dead bytes, files, where they are. */
@Path("/api/v1/tapes")
@Produces(MediaType.APPLICATION_JSON)
public class TapesResource {
    private final Catalog catalog;
    private final LibraryShelf shelf;
    private final ControllerReach controller;

    public TapesResource(Catalog catalog, LibraryShelf shelf, ControllerReach controller) {
        this.catalog = catalog;
        this.shelf = shelf;
        this.controller = controller;
    }

    /** Every cartridge. */
    public record Tapes(List<TapeView> tapes) {
    }

    /** {@code GET /api/v1/tapes}: 200 with every cartridge the catalog knows, by volume tag. */
    @GET
    public Tapes all() {
        return new Tapes(views(null));
    }

    /**
     * {@code GET /api/v1/tapes/{tag}}.
     *
     * @return 200 with the cartridge; 400 for a malformed volume tag; 404 when the catalog does not know it
     */
    @GET
    @Path("/{tag}")
    public Response one(@PathParam("tag") String tag) {
        RequestParams.volumeTag("tag", tag);
        List<TapeView> found = views(tag);
        if (found.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(new ApiError("the catalog knows no cartridge " + InvalidFieldException.echo(tag), "tag"))
                    .build();
        }
        return Response.ok(found.get(0)).build();
    }

    private List<TapeView> views(String only) {
        Map<String, VolumeRecord> records = new HashMap<>();
        catalog.volumes().forEach(v -> records.put(v.volumeTag(), v));
        List<VolumeUse> uses = only == null ? catalog.reclaims().volumeUse()
                : catalog.reclaims().volumeUse(only).map(List::of).orElse(List.of());
        if (uses.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> files = catalog.listing().liveFilesPerVolume();
        Set<String> reclaiming = catalog.reclaims().reclaims().stream().map(ReclaimRecord::volumeTag)
                .collect(Collectors.toSet());
        Map<String, TapeView.Location> locations = locations();
        List<TapeView> views = new ArrayList<>();
        for (VolumeUse use : uses) {
            VolumeRecord record = records.get(use.volumeTag());
            boolean shelved = catalog.shelvedVolumes().isShelved(use.volumeTag());
            String state = reclaiming.contains(use.volumeTag()) ? "RECLAIMING" : shelved ? "SHELVED"
                    : use.state().name();
            // a blank cartridge holds nothing: what its probe left between capacity and remaining is no one's data
            boolean blank = use.state() == VolumeState.BLANK;
            views.add(new TapeView(use.volumeTag(), state, locations.get(use.volumeTag()), use.capacityBytes(),
                    blank ? 0 : use.usedBytes(), use.liveBytes(), blank ? 0 : use.deadBytes(),
                    files.getOrDefault(use.volumeTag(), 0),
                    record == null ? 0 : record.generation(), record == null ? null : record.lastIndexed(),
                    readOnlyReason(use, record, shelved, reclaiming.contains(use.volumeTag()))));
        }
        return views;
    }

    private static String readOnlyReason(VolumeUse use, VolumeRecord record, boolean shelved, boolean reclaiming) {
        if (reclaiming) {
            return "reclaiming";
        }
        if (shelved) {
            return "shelved";
        }
        if (use.state() == VolumeState.UNSUPPORTED) {
            return "unsupported";
        }
        if (use.writeProtected()) {
            return "write protected";
        }
        if (record != null && record.remainingBytes() <= 0 && record.capacityBytes() > 0) {
            return "full";
        }
        return null;
    }

    /** Where the library last showed each cartridge; none while the controller is away. */
    private Map<String, TapeView.Location> locations() {
        Map<String, TapeView.Location> locations = new HashMap<>();
        LibraryInventory library = shelf.lastSeen().orElse(null);
        if (library == null || !controller.reachable()) {
            return locations;
        }
        put(locations, library.storageSlots(), "STORAGE");
        put(locations, library.importExportSlots(), "IMPORT_EXPORT");
        put(locations, library.drives(), "DATA_TRANSFER");
        return locations;
    }

    private static void put(Map<String, TapeView.Location> locations, List<LibraryElement> elements, String type) {
        for (LibraryElement element : elements) {
            if (element.full() && !element.volumeTag().isEmpty()) {
                locations.put(element.volumeTag(), new TapeView.Location(type, element.number()));
            }
        }
    }
}
