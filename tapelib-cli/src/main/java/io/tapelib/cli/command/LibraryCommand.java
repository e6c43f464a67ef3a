package io.tapelib.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.ExitCodes;
import io.tapelib.cli.TapelibCli;
import io.tapelib.cli.format.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code tapelib library}: the controller's GET /api/v1/library, the medium changer's elements. */
@Command(name = "library", description = "The medium changer's elements: data transfer elements (drives), storage"
        + " elements (slots) and import/export elements (mail slots), with their cartridges.")
public final class LibraryCommand extends ApiCommand {

    @Override
    int run(TapelibCli root) {
        JsonNode library = root.controller().get("library");
        if (root.json()) {
            root.printJson(library);
            return ExitCodes.OK;
        }
        Table table = new Table("ELEMENT", "CARTRIDGE", "NOTE");
        add(table, "drive", library.path("drives"));
        add(table, "slot", library.path("storageSlots"));
        add(table, "mail slot", library.path("importExportSlots"));
        table.print(root.out());
        return ExitCodes.OK;
    }

    private static void add(Table table, String kind, JsonNode elements) {
        for (JsonNode element : elements) {
            boolean full = element.path("full").asBoolean();
            List<String> notes = new ArrayList<>();
            if (element.path("cleaning").asBoolean()) {
                notes.add("cleaning cartridge" + (element.hasNonNull("cleaningUses")
                        ? ", used " + element.path("cleaningUses").asInt() + " times" : "")
                        + (element.path("cleaningExpired").asBoolean() ? ", EXPIRED" : ""));
            }
            if (element.hasNonNull("sourceSlot")) {
                notes.add("from slot " + element.path("sourceSlot").asInt());
            }
            if (element.path("needsCleaning").asBoolean()) {
                notes.add("needs cleaning");
            }
            String cartridge = !full ? "(empty)" : element.hasNonNull("volumeTag")
                    ? element.path("volumeTag").asText() : "(no label)";
            table.row(kind + " " + element.path("number").asInt(), cartridge,
                    notes.isEmpty() ? "" : String.join("; ", notes));
        }
    }
}
