package io.tapelib.controller.cli;

import io.tapelib.controller.api.ErrorKind;
import io.tapelib.controller.jobs.DriveScheduler;
import io.tapelib.controller.jobs.IndexSink;
import io.tapelib.controller.jobs.VolumeSummary;
import io.tapelib.controller.ltfs.IndexEntry;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tape-controller index --volume-tag TL0001L5}: prints what a tape's own latest LTFS index holds, read
 * from the tape (loading it if needed), without the server: first a line with the volume (tag, state, volume
 * UUID, index generation), then one tab-separated line per entry, the volume root first with an empty path (as
 * {@code find -printf '%P'} prints the mount root; {@link IndexLine} names the columns). Exit status
 * 0, or 1 with a clear message (unknown volume tag, unreadable index).
 */
@Command(name = IndexCommand.NAME, mixinStandardHelpOptions = true,
        description = {"Print a tape's latest LTFS index as read from the tape.",
            "First line: '# TAG STATE uuid=UUID generation=N'. Then one line per entry, tab-separated columns:",
            "  kind     DIRECTORY, FILE, SYMLINK, FIFO, CHARACTER_DEVICE, BLOCK_DEVICE or SOCKET",
            "  length   bytes (0 for all but files)",
            "  mode     POSIX permission bits, octal (e.g. 0644)",
            "  uid gid  owner and group, decimal",
            "  mtime atime ctime   modification, access and change time: epoch seconds.nanoseconds (9 digits)",
            "  device   major:minor of a device node, '-' otherwise",
            "  link     hard-link group id (entries with one id are one file), '-' otherwise",
            "  sha256   SHA-256 the index records (ltfs.hash.sha256sum), '-' otherwise",
            "  xattrs   user extended attributes as the index keeps them (the mount's names without 'user.'),",
            "           key=base64(value) separated by ',', keys sorted, '%', ',', '=' and whitespace in keys",
            "           percent-encoded; '-' when none",
            "  path     relative to the volume root; the first entry line is the root itself, path '' (empty)",
            "  target   a symbolic link's target, '-' otherwise"})
public class IndexCommand implements Callable<Integer> {

    static final String NAME = "index";

    @Option(names = "--volume-tag", required = true, description = "The cartridge's volume tag (barcode), e.g. TL0001L5.")
    String volumeTag;

    @Spec
    CommandSpec spec;

    private final DriveScheduler scheduler;

    @Inject
    public IndexCommand(DriveScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            scheduler.readIndex(volumeTag, new IndexSink() {
                @Override
                public void volume(VolumeSummary volume) {
                    out.printf("# %s %s uuid=%s generation=%d%n", volume.volumeTag(), volume.kind(), volume.volumeUuid(),
                            volume.generation());
                }

                @Override
                public void entry(IndexEntry entry) {
                    out.println(IndexLine.of(entry));
                }
            }).join();
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("index failed: " + ErrorKind.unwrap(e).getMessage());
            err.flush();
            return 1;
        }
    }
}
