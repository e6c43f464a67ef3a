package io.tapelib.controller.cli;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tape-controller import --source DIR --volume-tags TL0001L5,TL0002L5}: writes an existing tree onto tapes
 * of the library named by {@code TAPE_CHANGER}, without the server. Exit status 0 when every entry is on tape with
 * an index, 1 otherwise (the message says why).
 */
@Command(name = ImportCommand.NAME, mixinStandardHelpOptions = true,
        description = "Write an existing directory tree onto LTFS tapes (blank tapes are formatted first).")
public class ImportCommand implements Callable<Integer> {

    static final String NAME = "import";

    @Option(names = "--source", required = true, description = "Directory to import; symlinks are stored, never followed.")
    Path source;

    @Option(names = "--volume-tags", required = true, split = ",", description = "Tapes to fill, in order, e.g. TL0001L5,TL0002L5.")
    List<String> volumeTags;

    @Spec
    CommandSpec spec;

    private final TreeImporter importer;

    @Inject
    public ImportCommand(TreeImporter importer) {
        this.importer = importer;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ImportReport report = importer.importTree(source, volumeTags);
            report.tapes().forEach(tape -> out.println(tape.describe()));
            out.println(report.describe());
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            Throwable cause = io.tapelib.controller.api.ErrorKind.unwrap(e);
            err.println("import failed: " + cause.getMessage());
            err.flush();
            return 1;
        }
    }
}
