package io.tapelib.gateway.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.audit.Caller;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.namespace.Namespace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mount on libfuse 3 (FUSE_API=3, package {@code fs.libfuse3}) over the real catalog namespace, whatever
 * {@code tapelib.test.fuse.api} the other mount tests run with: what this binding adds (1 MiB requests, renameat2's
 * RENAME_NOREPLACE, requests served on a fixed set of JVM threads) and what must work on it as on libfuse 2 (the caller of a call, the other names of a hard-linked
 * file refreshed through the session's notifications). Needs root, /dev/fuse and libfuse3-3.
 */
class Libfuse3MountTest {
    private static final Instant WHEN = Instant.parse("2025-03-01T10:15:30.123456789Z");
    @TempDir
    Path temp;

    private final AtomicInteger largestWrite = new AtomicInteger();
    private final AtomicInteger largestRead = new AtomicInteger();
    private final List<Caller> creators = new CopyOnWriteArrayList<>();
    private final List<String> getattrs = new CopyOnWriteArrayList<>();
    private final Set<Thread> servingThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger listings = new AtomicInteger();
    private final AtomicInteger flushes = new AtomicInteger();
    private final FuseCallers callers = new FuseCallers(FuseApi.LIBFUSE3);
    private RealMount mounted;
    private String mnt;

    @BeforeEach
    void mount() {
        mounted = new RealMount(temp, 100_000_000, (catalog, tree) -> watching(tree), FuseApi.LIBFUSE3);
        mnt = mounted.mountPoint.toString();
    }

    @AfterEach
    void unmount() {
        mounted.close();
    }

    @Test
    void writesInRequestsOfOneMebibyteAndReadsTheBytesBack() throws Exception {
        RealMount.run(0, "dd", "if=/dev/urandom", "of=" + temp.resolve("source"), "bs=1M", "count=3", "status=none");

        RealMount.run(0, "dd", "if=" + temp.resolve("source"), "of=" + mnt + "/big", "bs=4M", "status=none");

        assertThat(largestWrite.get()).isEqualTo(1 << 20);
        assertThat(Files.mismatch(temp.resolve("source"), Path.of(mnt, "big"))).isEqualTo(-1L);
    }

    @Test
    void readsAFileNotInThePageCacheInRequestsOfOneMebibyte() throws Exception {
        RealMount.run(0, "dd", "if=/dev/urandom", "of=" + temp.resolve("source"), "bs=1M", "count=4", "status=none");
        // written write-only: direct_io, so none of its pages are in the mount's page cache
        RealMount.run(0, "dd", "if=" + temp.resolve("source"), "of=" + mnt + "/big", "bs=1M", "status=none");

        RealMount.run(0, "dd", "if=" + mnt + "/big", "of=" + temp.resolve("copy"), "bs=1M", "status=none");

        assertThat(largestRead.get()).isEqualTo(1 << 20);
        assertThat(Files.mismatch(temp.resolve("source"), temp.resolve("copy"))).isEqualTo(-1L);
    }

    @Test
    void aWriteOnlyWriteByAnUnprivilegedWriterClearsSetUserIdAndSetGroupId() throws Exception {
        Path file = Files.writeString(Path.of(mnt, "tool"), "v1");
        RealMount.run(0, "chmod", "6777", file.toString());

        WriteOnlyAtTheMountTest.writeAsNobody(file, "v2");

        assertThat(Files.getAttribute(file, "unix:mode")).isEqualTo(0100777);
        assertThat(Files.readString(file)).isEqualTo("v1v2");
    }

    @Test
    void aClosedFileShowsItsBytesThoughCloseSentNoFlush() throws Exception {
        Files.write(Path.of(mnt, "made"), new byte[1024]);
        Files.writeString(Path.of(mnt, "made"), "again", StandardOpenOption.APPEND);

        assertThat(flushes).as("DURABILITY=commit: a close has nothing to record (noflush)").hasValue(0);
        assertThat(Files.size(Path.of(mnt, "made"))).isEqualTo(1029);
        assertThat(RealMount.run(0, "stat", "-c", "%s", mnt + "/made").strip()).isEqualTo("1029");
    }

    @Test
    void namesTheCallerOfACreate() {
        RealMount.run(0, "touch", mnt + "/made");

        assertThat(creators).hasSize(1);
        assertThat(creators.get(0).uid()).isZero();
        assertThat(creators.get(0).pid()).isPositive();
    }

    @Test
    void renameWithNoReplaceKeepsAnExistingTarget() throws Exception {
        Files.writeString(Path.of(mnt, "a"), "a");
        Files.writeString(Path.of(mnt, "b"), "b");
        String renameat2 = "import ctypes, os, sys; libc = ctypes.CDLL(None, use_errno=True);"
                + " r = libc.renameat2(-100, sys.argv[1].encode(), -100, sys.argv[2].encode(), 1);"
                + " print(os.strerror(ctypes.get_errno()) if r else 'renamed')";

        assertThat(RealMount.run(0, "python3", "-c", renameat2, mnt + "/a", mnt + "/b").strip()).isEqualTo("File exists");
        assertThat(RealMount.run(0, "python3", "-c", renameat2, mnt + "/a", mnt + "/c").strip()).isEqualTo("renamed");

        assertThat(Files.readString(Path.of(mnt, "b"))).isEqualTo("b");
        assertThat(Files.readString(Path.of(mnt, "c"))).isEqualTo("a");
        assertThat(Files.exists(Path.of(mnt, "a"))).isFalse();
    }

    @Test
    void otherNamesOfAHardLinkedFileShowItsNewLinkCountAtOnce() throws Exception {
        Files.writeString(Path.of(mnt, "a"), "content");
        Files.createDirectory(Path.of(mnt, "d"));
        RealMount.run(0, "stat", mnt + "/a"); // the kernel now caches a's attributes for 30 s

        RealMount.run(0, "ln", mnt + "/a", mnt + "/d/b");
        RealMount.run(0, "chmod", "600", mnt + "/d/b");

        assertThat(RealMount.run(0, "stat", "-c", "%h %a", mnt + "/a").strip()).isEqualTo("2 600");
        RealMount.run(0, "rm", mnt + "/d/b");
        assertThat(RealMount.run(0, "stat", "-c", "%h", mnt + "/a").strip()).isEqualTo("1");
    }

    @Test
    void aStatAfterAListingAsksTheNamespaceNothingAndShowsWhatGetattrShows() throws Exception {
        // made behind the kernel's back: it has no entry of any of them cached
        long d = mounted.catalog.mkdir(Catalog.ROOT_ID, "d", 0750, 12, 34, WHEN).id();
        mounted.catalog.mkdir(d, "sub", 0700, 0, 0, WHEN);
        long f = mounted.catalog.createFile(d, "f", 0640, 56, 78, WHEN).id();
        mounted.catalog.recordWrite(f, 12_345, WHEN.plusSeconds(5));
        mounted.catalog.symlink(d, "s", "f", 0, 0, WHEN);
        String format = "%n %i %F %a %u %g %s %b %h %x %y %z";
        RealMount.run(0, "stat", "-c", "%i", mnt + "/d");

        getattrs.clear();
        String listed = RealMount.run(0, "find", mnt + "/d", "-mindepth", "1", "-maxdepth", "1", "-printf", "%p\n");
        String[] names = listed.strip().split("\n");
        List<String> seen = new ArrayList<>();
        for (String name : names) {
            seen.add(RealMount.run(0, "stat", "-c", format, name).strip());
        }

        assertThat(getattrs).as("no LOOKUP after the listing").isEmpty();
        // what a lookup answers, the attributes dropped: each name asks getattr again
        RealMount.run(0, "sh", "-c", "echo 2 > /proc/sys/vm/drop_caches");
        List<String> looked = new ArrayList<>();
        for (String name : names) {
            looked.add(RealMount.run(0, "stat", "-c", format, name).strip());
        }
        assertThat(getattrs).as("looked up this time").isNotEmpty();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(looked).hasSize(3);
    }

    @Test
    void servesEveryRequestOnTheSameFewThreads() {
        // 200 creates, each a lookup, create, getattr, write, flush and release on whichever worker is free
        RealMount.run(0, "sh", "-c", "for i in $(seq 200); do echo $i > " + mnt + "/f$i; done");

        assertThat(RealMount.run(0, "sh", "-c", "cat " + mnt + "/f*  | wc -l").strip()).isEqualTo("200");
        // a callback on a thread the JVM did not know would be a new java.lang.Thread each time
        assertThat(servingThreads).hasSizeBetween(1, Fuse3Session.WORKER_THREADS);
    }

    @Test
    void theKernelAnswersAnUnchangedListingItselfAndEveryChangeShowsAtOnce() throws Exception {
        Path d = Files.createDirectory(Path.of(mnt, "d"));
        for (String name : List.of("a", "b", "c")) {
            Files.writeString(d.resolve(name), name);
        }
        long directory = mounted.catalog.resolve("/d").orElseThrow().id();
        assertThat(listed(d)).containsExactly("a 1", "b 1", "c 1");

        listings.set(0);
        assertThat(listed(d)).containsExactly("a 1", "b 1", "c 1");
        // the kernel read its own copy: the namespace was only asked, at the open, whether the listing changed
        assertThat(listings).hasValue(1);

        Files.writeString(d.resolve("new"), "new!");
        assertThat(listed(d)).containsExactly("a 1", "b 1", "c 1", "new 4");
        Files.delete(d.resolve("a"));
        assertThat(listed(d)).containsExactly("b 1", "c 1", "new 4");
        Files.move(d.resolve("b"), d.resolve("b2"));
        Files.move(d.resolve("c"), Path.of(mnt, "c"));
        Files.createDirectory(d.resolve("sub"));
        assertThat(listed(d)).containsExactly("b2 1", "new 4", "sub dir");

        // behind the kernel's back (a cartridge's index imported, the REST API): seen by the very next listing too
        mounted.catalog.createFile(directory, "behind", 0644, 0, 0, WHEN);
        assertThat(listed(d)).containsExactly("b2 1", "behind 0", "new 4", "sub dir");
        mounted.catalog.rename(directory, "behind", directory, "moved", WHEN);
        assertThat(listed(d)).containsExactly("b2 1", "moved 0", "new 4", "sub dir");
        mounted.catalog.unlink(directory, "moved", WHEN);
        assertThat(listed(d)).containsExactly("b2 1", "new 4", "sub dir");
    }

    /** find's listing of {@code directory}: each entry's name and a file's size, or "dir", sorted. */
    private static List<String> listed(Path directory) {
        return RealMount.run(0, "find", directory.toString(), "-mindepth", "1", "-maxdepth", "1", "-printf",
                "%P %y %s\\n").lines().map(line -> line.replaceFirst(" f ", " ").replaceFirst(" d \\d+$", " dir"))
                .sorted().toList();
    }

    /** The namespace as the mount shows it, with the largest write and read and the callers of create recorded. */
    private Namespace watching(Namespace tree) {
        return (Namespace) Proxy.newProxyInstance(Namespace.class.getClassLoader(), new Class<?>[] {Namespace.class},
                (proxy, method, args) -> {
                    servingThreads.add(Thread.currentThread());
                    if (method.getName().equals("write")) {
                        largestWrite.accumulateAndGet((Integer) args[3], Math::max);
                    } else if (method.getName().equals("read")) {
                        largestRead.accumulateAndGet((Integer) args[3], Math::max);
                    } else if (method.getName().equals("create")) {
                        creators.add(callers.current());
                    } else if (method.getName().equals("getattr")) {
                        getattrs.add((String) args[0]);
                    } else if (method.getName().equals("listingWithAttributes")) {
                        listings.incrementAndGet();
                    } else if (method.getName().equals("flush")) {
                        flushes.incrementAndGet();
                    }
                    try {
                        return method.invoke(tree, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
