package io.tapelib.controller.cli;

import io.tapelib.controller.jobs.DriveScheduler;
import io.tapelib.controller.jobs.JobHandle;
import io.tapelib.controller.jobs.JobType;
import io.tapelib.controller.jobs.LoadedVolume;
import io.tapelib.controller.jobs.TapeFullException;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.LtfsVolume;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports an existing tree onto tapes (IMPORT jobs): fills the given tapes in order, by bytes, in path order,
 * moving a directory's files to the next tape as a whole when they do not fit on the current one but fit on an
 * empty tape. Blank tapes are formatted; tapes that are already LTFS volumes are appended to. Each tape gets its
 * index and is unmounted (index on both partitions) before the next one is started. User extended attributes are kept;
 * the names of a file of several names (hard links) on one tape are one link group sharing one copy of the data (a
 * name that falls on a later tape gets its own copy there); FIFOs, device nodes and sockets are kept as special files.
 */
@ApplicationScoped
public class TreeImporter {

    private final DriveScheduler scheduler;

    public TreeImporter(DriveScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * @param source     the tree's root directory (not itself stored; its contents become the volume root)
     * @param volumeTags tapes to fill, in order
     * @throws IllegalArgumentException no tapes, or {@code source} is not a directory
     * @throws TapeFullException        the tapes are full before the tree is; what was written is on tape with an index
     */
    public ImportReport importTree(Path source, List<String> volumeTags) {
        List<String> tags = new ArrayList<>(new LinkedHashSet<>(volumeTags.stream().map(String::strip)
                .filter(t -> !t.isEmpty()).toList()));
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("--volume-tags names no tape");
        }
        List<SourceEntry> entries = SourceTree.read(source);
        Map<String, SourceEntry> directories = new HashMap<>();
        entries.stream().filter(e -> e.metadata().kind() == EntryKind.DIRECTORY).forEach(e -> directories.put(e.path(), e));
        Cursor cursor = new Cursor(entries);
        List<ImportReport.TapeReport> reports = new ArrayList<>();
        for (int i = 0; i < tags.size() && !cursor.done(); i++) {
            // Spread the tree evenly over the tapes named: each takes its share of the bytes still to import
            // (the last one takes the rest), so that an operator's tapes fill alike.
            long share = i == tags.size() - 1 ? Long.MAX_VALUE : ceilDiv(cursor.remainingBytes(), tags.size() - i);
            reports.add(scheduler.onVolume(tags.get(i), JobType.IMPORT,
                    (volume, job) -> fillTape(volume, job, cursor, directories, share)).join());
        }
        if (!cursor.done()) {
            long bytes = entries.subList(cursor.next, entries.size()).stream().mapToLong(SourceEntry::size).sum();
            throw new TapeFullException("the tapes " + tags + " are full: " + (entries.size() - cursor.next)
                    + " entries (" + bytes + " bytes) from " + entries.get(cursor.next).path() + " on were not imported;"
                    + " the entries before are on tape with an index");
        }
        return new ImportReport(reports);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Writes entries from the cursor until the tape holds {@code share} bytes (at a directory boundary) or is full. */
    private ImportReport.TapeReport fillTape(LoadedVolume volume, JobHandle job, Cursor cursor,
                                             Map<String, SourceEntry> directories, long share) {
        long started = System.nanoTime();
        LtfsVolume ltfs = volume.mountOrFormat();
        Set<String> directoriesWritten = new java.util.HashSet<>();
        // the first name of each file of several names written to this tape; the others become its hard links
        Map<Object, String> firstNames = new HashMap<>();
        long files = 0;
        long others = 0;
        long bytes = 0;
        while (!cursor.done()) {
            SourceEntry entry = cursor.peek();
            if (files + others > 0 && cursor.startsGroup() && bytes >= share) {
                break;
            }
            if (files + others > 0 && cursor.startsGroup() && needed(cursor.groupBytes(), ltfs) > ltfs.remainingBytes()
                    && needed(cursor.groupBytes(), ltfs) <= ltfs.capacityBytes()) {
                break;
            }
            if (entry.isFile() && needed(entry.size(), ltfs) > ltfs.remainingBytes()) {
                if (files + others == 0) {
                    throw new TapeFullException(entry.path() + " (" + entry.size() + " bytes) does not fit on the empty"
                            + " volume " + volume.volumeTag() + " (" + ltfs.remainingBytes() + " bytes free)");
                }
                break;
            }
            restoreAncestors(ltfs, entry, directories, directoriesWritten);
            String firstName = entry.linkKey() == null ? null : firstNames.get(entry.linkKey());
            if (firstName != null) {
                ltfs.link(entry.path(), firstName);
                others++;
            } else if (entry.isFile()) {
                try (InputStream data = Files.newInputStream(entry.file())) {
                    ltfs.writeFile(entry.metadata(), entry.xattrs(), data, entry.size());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + entry.file() + ": " + e.getMessage(), e);
                }
                files++;
                bytes += entry.size();
                job.addBytes(entry.size());
                if (entry.linkKey() != null) {
                    firstNames.put(entry.linkKey(), entry.path());
                }
            } else {
                ltfs.writeEntry(entry.metadata(), entry.xattrs());
                if (entry.metadata().kind() == EntryKind.DIRECTORY) {
                    directoriesWritten.add(entry.path());
                }
                others++;
            }
            cursor.advance();
        }
        ltfs.writeIndex();
        long generation = ltfs.generation();
        volume.unmount();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new ImportReport.TapeReport(volume.volumeTag(), files, others, bytes, seconds, generation);
    }

    /** A directory started on an earlier tape gets its own mode and times on this tape too. */
    private static void restoreAncestors(LtfsVolume ltfs, SourceEntry entry, Map<String, SourceEntry> directories,
                                         Set<String> written) {
        List<SourceEntry> missing = new ArrayList<>();
        for (String parent = entry.parent(); !parent.isEmpty(); parent = parentOf(parent)) {
            if (written.contains(parent)) {
                break;
            }
            SourceEntry directory = directories.get(parent);
            if (directory != null) {
                missing.add(0, directory);
            }
            written.add(parent);
        }
        missing.forEach(directory -> ltfs.writeEntry(directory.metadata(), directory.xattrs()));
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** Bytes a file takes on tape: whole blocks, plus one block of slack for the index that follows. */
    private static long needed(long bytes, LtfsVolume ltfs) {
        long block = ltfs.blockSize();
        return (bytes + block - 1) / block * block + block;
    }

    /** Position in the ordered entries; touched by one thread at a time (the import thread, then a drive thread). */
    private static final class Cursor {
        private final List<SourceEntry> entries;
        private int next;

        Cursor(List<SourceEntry> entries) {
            this.entries = entries;
        }

        boolean done() {
            return next >= entries.size();
        }

        SourceEntry peek() {
            return entries.get(next);
        }

        void advance() {
            next++;
        }

        long remainingBytes() {
            long sum = 0;
            for (int i = next; i < entries.size(); i++) {
                sum += entries.get(i).size();
            }
            return sum;
        }

        boolean startsGroup() {
            return next == 0 || !entries.get(next - 1).parent().equals(peek().parent());
        }

        long groupBytes() {
            String parent = peek().parent();
            long sum = 0;
            for (int i = next; i < entries.size() && entries.get(i).parent().equals(parent); i++) {
                sum += entries.get(i).size();
            }
            return sum;
        }
    }
}
