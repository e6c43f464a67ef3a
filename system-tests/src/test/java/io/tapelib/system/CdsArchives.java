package io.tapelib.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Class-data-sharing archives (JDK dynamic AppCDS archives) of the two service jars, made once per test run under
 * {@code target/cds} (unless -Dtapelib.cds=false): every later start of a jar maps the classes it loads at start-up (about 4,700 of 6,000) from
 * the archive instead of reading, parsing and verifying them (the controller's start-up: 3.6-3.9 CPU-s without, 2.8-3.1
 * with). The suite starts the jars a few hundred times.
 *
 * <p>An archive only speeds a start up; it changes nothing the tests check. The JVM ignores an archive whose jars
 * changed (it compares the class path's jars and every archived class file with the one it would load), with a
 * warning that {@link #options} silences; an archive that is missing is no archive. A truncated archive, though,
 * crashes the JDK 17 JVM that maps it: an archive is written under a temporary name, by a JVM that exits normally
 * (SIGTERM), checked by mapping it in a {@code java -Xshare:on -version}, and only then renamed into place.
 */
final class CdsArchives {
    private static final Path DIR = Path.of("target", "cds");
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(60);

    private CdsArchives() {
    }

    /** Where the archive of {@code jar} (a {@code quarkus-app/quarkus-run.jar}) is kept: named after its module. */
    static Path archiveOf(Path jar) {
        return DIR.resolve(jar.toAbsolutePath().getParent().getParent().getParent().getFileName() + ".jsa");
    }

    /**
     * The JVM options that use the archive of {@code jar}: none while there is none, and none outside the test run
     * (system property tapelib.cds, set by the surefire configuration): the benchmarks' figures stay comparable with
     * those measured before.
     */
    static List<String> options(Path jar) {
        Path archive = archiveOf(jar);
        if (!enabled() || !Files.isRegularFile(archive)) {
            return List.of();
        }
        return List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-Xlog:cds*=off");
    }

    /**
     * Makes the archives of both jars unless each is newer than every file of its application: runs a pair (each
     * process dumping the classes it loaded as it exits) through a start, a write migrated to tape and a stop. A
     * failure leaves the jars without archives, which only makes their starts slower; it is reported on stderr.
     */
    static void prepare(Path controllerJar, Path gatewayJar) {
        try {
            if (!enabled() || fresh(controllerJar) && fresh(gatewayJar)) {
                return;
            }
            Files.createDirectories(DIR);
            Files.deleteIfExists(archiveOf(controllerJar));
            Files.deleteIfExists(archiveOf(gatewayJar));
            long started = System.nanoTime();
            Path work = Files.createTempDirectory("tapelib-cds-");
            Path controllerDump = temporary(controllerJar);
            Path gatewayDump = temporary(gatewayJar);
            try (LibraryPair pair = new LibraryPair("cds-archives", work, Map.of(), Map.of("WRITE_DELAY", "1s"),
                    List.of("-XX:ArchiveClassesAtExit=" + controllerDump.toAbsolutePath(), "-Xlog:cds*=off"),
                    List.of("-XX:ArchiveClassesAtExit=" + gatewayDump.toAbsolutePath(), "-Xlog:cds*=off"))) {
                pair.start();
                // the write path too: FUSE create and write, the write-back's gRPC Migrate, the controller's LTFS writer
                Files.writeString(pair.mount.resolve("cds.txt"), "loads the classes of a migration\n");
                pair.awaitCached("cds.txt", DUMP_TIMEOUT);
            } finally {
                Commands.run("rm", "-rf", "--one-file-system", work.toString());
            }
            install(controllerDump, controllerJar);
            install(gatewayDump, gatewayJar);
            System.err.printf("CDS archives of the service jars made in %d ms: %s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), DIR.toAbsolutePath());
        } catch (Exception | AssertionError e) {
            System.err.println("No CDS archives for the service jars (their starts are only slower): " + e);
        }
    }

    private static boolean enabled() {
        return Boolean.getBoolean("tapelib.cds");
    }

    private static Path temporary(Path jar) {
        return DIR.resolve(archiveOf(jar).getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /** Renames a dumped archive into place once a JVM has mapped it; deletes it otherwise. */
    private static void install(Path dump, Path jar) throws IOException, InterruptedException {
        if (!Files.isRegularFile(dump)) {
            System.err.println("No CDS archive was written for " + jar);
            return;
        }
        List<String> check = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=" + dump.toAbsolutePath(), "-Xshare:on", "-Xlog:cds*=off", "-cp",
                jar.toAbsolutePath().toString(), "-version"));
        Commands.Result mapped = Commands.run(check.toArray(String[]::new));
        if (mapped.exitCode() != 0) {
            Files.deleteIfExists(dump);
            System.err.println("The CDS archive dumped for " + jar + " does not map; not used: " + mapped.stderr());
            return;
        }
        Files.move(dump, archiveOf(jar), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the archive of {@code jar} exists and is newer than every file of the application around the jar. */
    private static boolean fresh(Path jar) throws IOException {
        Path archive = archiveOf(jar);
        if (!Files.isRegularFile(archive)) {
            return false;
        }
        FileTime made = Files.getLastModifiedTime(archive);
        try (Stream<Path> files = Files.walk(jar.toAbsolutePath().getParent())) {
            return files.filter(Files::isRegularFile).allMatch(f -> lastModified(f).compareTo(made) < 0);
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
