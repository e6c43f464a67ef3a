package io.tapelib.controller.ltfs.bench;

import io.tapelib.controller.ltfs.XattrValue;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.Extent;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.TreeBenchAccess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Memory benchmark of a mounted volume's directory tree (issue 4: a tape may hold millions of files), not a test.
 * Puts {@code files} file entries (one extent, a SHA-256 attribute each) into 100 directories of 10 subdirectories,
 * in fileuid order as an index parse would, then walks them in index order (pre-order, children by fileuid, checked),
 * looks up 100,000 random paths and removes, deletes and moves one top directory each. Reports seconds per phase, the peak heap used
 * (sampled every 2 ms, garbage included), the heap retained after a full GC once the tree is filled, and the tree
 * file's size. Run through {@code deploy/bench.sh tree [files] [--in-heap]}; {@code --in-heap} keeps the same store
 * in the heap, for comparison.
 */
public final class TreeBench {

    private static final int TOP_DIRS = 100;
    private static final int SUB_DIRS = 10;
    private static final int LOOKUPS = 100_000;
    private static final long MIB = 1L << 20;

    private TreeBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int files = 1_000_000;
        boolean inHeap = false;
        for (String arg : args) {
            if (arg.equals("--in-heap")) {
                inHeap = true;
            } else {
                files = Integer.parseInt(arg.replace("_", ""));
            }
        }
        int perDir = Math.max(1, files / (TOP_DIRS * SUB_DIRS));
        Path workDir = Files.createTempDirectory("bench-tree");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf("tree bench: %,d files in %d x %d directories, max heap %d MiB, tree %s%n",
                perDir * TOP_DIRS * SUB_DIRS, TOP_DIRS, SUB_DIRS, Runtime.getRuntime().maxMemory() / MIB,
                inHeap ? "in the heap" : "in " + workDir);
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        Instant time = Instant.parse("2026-11-23T00:27:02.041956530Z");
        String sha = HexFormat.of().formatHex(new byte[32]);
        try (TreeBenchAccess tree = TreeBenchAccess.open(inHeap ? null : workDir, "TL0001L5", dir("", 1, time))) {
            long start = System.nanoTime();
            long uid = 1;
            for (int t = 0; t < TOP_DIRS; t++) {
                String top = String.format("project-%03d", t);
                tree.put(dir(top, ++uid, time));
                for (int s = 0; s < SUB_DIRS; s++) {
                    String sub = top + "/run-" + s;
                    tree.put(dir(sub, ++uid, time));
                    for (int f = 0; f < perDir; f++) {
                        ++uid;
                        tree.put(new IndexEntry(sub + String.format("/file-%07d.dat", uid), EntryKind.FILE,
                                1000 + uid, 0644, 1000, 1000, time, time, time, time, null,
                                List.of(new Extent(1, 4 + uid, 0, 1000 + uid, 0)),
                                XattrValue.texts(Map.of("ltfs.hash.sha256sum", sha)), uid, false));
                    }
                }
            }
            double putSeconds = seconds(start);
            long put = tree.size() - 1L;
            long retained = retainedAfterGc(memory);
            long fileBytes = inHeap ? 0 : treeFileBytes(workDir);

            start = System.nanoTime();
            long walked = walkInIndexOrder(tree);
            double walkSeconds = seconds(start);

            start = System.nanoTime();
            Random random = new Random(42);
            int found = 0;
            for (int i = 0; i < LOOKUPS; i++) {
                int t = random.nextInt(TOP_DIRS);
                int s = random.nextInt(SUB_DIRS);
                long fileUid = 2 + (long) t * (1 + SUB_DIRS * (1 + perDir)) + 1 + (long) s * (1 + perDir) + 1
                        + random.nextInt(perDir);
                String path = String.format("project-%03d/run-%d/file-%07d.dat", t, s, fileUid);
                found += tree.get(path).isPresent() ? 1 : 0;
            }
            double getSeconds = seconds(start);

            start = System.nanoTime();
            int removed = tree.removeSubtree("project-000").size();
            double removeSeconds = seconds(start);

            start = System.nanoTime();
            long deleted = tree.delete("project-001");
            double deleteSeconds = seconds(start);

            start = System.nanoTime();
            IndexEntry renamed = tree.get("project-002").orElseThrow();
            tree.move("project-002", new IndexEntry("project-003/renamed", EntryKind.DIRECTORY, 0, 0755, 0, 0, time,
                    time, time, time, null, List.of(), Map.of(), renamed.fileUid(), false));
            double moveSeconds = seconds(start);
            if (tree.get(String.format("project-003/renamed/run-0/file-%07d.dat", renamed.fileUid() + 2)).isEmpty()) {
                throw new IllegalStateException("moved entries are not under their new path");
            }
            sampler.interrupt();
            sampler.join();

            System.out.printf("put      %,10d entries  %7.2f s%n", put, putSeconds);
            System.out.printf("walk     %,10d entries  %7.2f s (index order checked)%n", walked, walkSeconds);
            System.out.printf("get      %,10d found    %7.2f s (%,d random paths)%n", found, getSeconds, LOOKUPS);
            System.out.printf("remove   %,10d entries  %7.2f s (one top directory, entries handed back)%n", removed,
                    removeSeconds);
            System.out.printf("delete   %,10d entries  %7.2f s (one top directory, streaming)%n", deleted, deleteSeconds);
            System.out.printf("move     %,10d entries  %7.2f s (one top directory into another)%n",
                    1 + SUB_DIRS * (1 + perDir), moveSeconds);
            System.out.printf("heap: peak used %d MiB (sampled, garbage included), retained after full GC %d MiB%n",
                    sampler.peak.get() / MIB, retained / MIB);
            if (!inHeap) {
                System.out.printf("tree file: %d MiB after the puts%n", fileBytes / MIB);
            }
        } finally {
            deleteTree(workDir);
        }
    }

    private static IndexEntry dir(String path, long fileUid, Instant time) {
        return new IndexEntry(path, EntryKind.DIRECTORY, 0, 0755, 0, 0, time, time, time, time, null, List.of(),
                Map.of(), fileUid, false);
    }

    /** Walks every entry, checking that each directory precedes its contents and siblings come by fileuid. */
    private static long walkInIndexOrder(TreeBenchAccess tree) {
        Map<String, Long> lastChildUid = new HashMap<>();
        lastChildUid.put("", 0L);
        long count = 0;
        try (Stream<IndexEntry> entries = tree.entries()) {
            Iterator<IndexEntry> it = entries.iterator();
            while (it.hasNext()) {
                IndexEntry entry = it.next();
                Long previous = lastChildUid.get(entry.parentPath());
                if (previous == null || previous >= entry.fileUid()) {
                    throw new IllegalStateException("out of index order at " + entry.path());
                }
                lastChildUid.put(entry.parentPath(), entry.fileUid());
                if (entry.kind() == EntryKind.DIRECTORY) {
                    lastChildUid.put(entry.path(), 0L);
                }
                count++;
            }
        }
        return count;
    }

    private static long retainedAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long treeFileBytes(Path workDir) throws IOException {
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Records the highest heap use seen, every 2 ms, until interrupted. */
    private static final class HeapSampler extends Thread {
        final AtomicLong peak = new AtomicLong();

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            while (!isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
