package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, acceptance 6: both systemd units pass {@code systemd-analyze verify} and hold their exposure scores under
 * {@code systemd-analyze security --offline=yes} (the controller at most 4.9, OK; the gateway, which must keep the
 * host's mount namespace and CAP_SYS_ADMIN, at most 7.0, MEDIUM); and {@code deploy/install.sh --root} installs user,
 * directories, environment file, jars and units into a temporary root, twice, without touching the host.
 */
class SystemdUnitsSystemTest {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern OVERALL = Pattern.compile("Overall exposure level for (\\S+): (\\d+\\.\\d) (\\S+)");

    @Test
    void bothUnitsVerifyAndHoldTheirExposureScores() throws Exception {
        assertThat(exposure("tape-controller.service")).as("tape-controller").isLessThanOrEqualTo(4.9);
        assertThat(exposure("fuse-gateway.service")).as("fuse-gateway").isLessThanOrEqualTo(7.0);
    }

    /** Verifies the unit and returns its overall exposure level (0.0 safe .. 10.0 unsafe). */
    private static double exposure(String unit) throws Exception {
        Path file = PROJECT.resolve("systemd").resolve(unit);
        Commands.Result verify = Commands.run("systemd-analyze", "verify", file.toString());
        assertThat(verify.exitCode()).as("systemd-analyze verify %s: %s", unit, verify.stderr()).isZero();
        assertThat(verify.stderr()).as("systemd-analyze verify %s warns", unit).doesNotContain(unit);
        Commands.Result security = Commands.run("systemd-analyze", "security", "--offline=yes", "--no-pager",
                file.toString());
        Matcher overall = OVERALL.matcher(security.stdout() + security.stderr());
        assertThat(overall.find()).as("systemd-analyze security %s printed: %s%s", unit, security.stdout(),
                security.stderr()).isTrue();
        double score = Double.parseDouble(overall.group(2));
        System.out.printf("SystemdUnitsSystemTest: %s %.1f %s%n", unit, score, overall.group(3));
        return score;
    }

    @Test
    void installShInstallsIntoATemporaryRootAndKeepsAnEditedEnvironmentFile(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/shadow"), "");
        Files.writeString(root.resolve("etc/gshadow"), "");
        String hostPasswd = Files.readString(Path.of("/etc/passwd"));

        install(root);

        assertThat(Files.readString(root.resolve("etc/group"))).containsPattern("(?m)^tape:x:\\d+:");
        assertThat(Files.readString(root.resolve("etc/passwd")))
                .containsPattern("(?m)^tapelib:x:\\d+:\\d+:Tape Library Service:/var/lib/tapelib:/usr/sbin/nologin$");
        int uid = Integer.parseInt(Files.readString(root.resolve("etc/passwd")).lines()
                .filter(l -> l.startsWith("tapelib:")).findFirst().orElseThrow().split(":")[2]);
        assertThat(Files.getAttribute(root.resolve("var/lib/tapelib/spool"), "unix:uid")).isEqualTo(uid);
        assertThat(Files.getAttribute(root.resolve("var/lib/tapelib/cache"), "unix:uid")).isEqualTo(0);
        assertThat(Files.readString(root.resolve("etc/tapelib/tapelib.env")))
                .isEqualTo(Files.readString(PROJECT.resolve("deploy/tapelib.env.example")));
        for (String unit : new String[] {"tape-controller.service", "fuse-gateway.service"}) {
            assertThat(Files.readString(root.resolve("etc/systemd/system").resolve(unit)))
                    .isEqualTo(Files.readString(PROJECT.resolve("systemd").resolve(unit)));
        }
        assertThat(root.resolve("opt/tapelib/tape-controller/quarkus-run.jar")).isRegularFile();
        assertThat(root.resolve("opt/tapelib/fuse-gateway/quarkus-run.jar")).isRegularFile();
        assertThat(root.resolve("opt/tapelib/cli/tapelib.jar")).isRegularFile();
        for (String app : new String[] {"tape-controller", "fuse-gateway"}) {
            // the memory budget (issue 12): the JVM argument file beside the jar, named by the unit, accepted by java
            Path options = PROJECT.resolve("deploy").resolve(app + ".jvm");
            assertThat(root.resolve("opt/tapelib").resolve(app).resolve("jvm.options")).hasSameTextualContentAs(options);
            assertThat(Files.readString(PROJECT.resolve("systemd").resolve(app + ".service")))
                    .contains("ExecStart=/usr/bin/java @/opt/tapelib/" + app + "/jvm.options -jar");
            Commands.Result java = Commands.run("java", "@" + options, "-version");
            assertThat(java.exitCode()).as("java @%s -version: %s", options, java.stderr()).isZero();
        }
        assertThat(root.resolve("mnt/tape_library")).isDirectory();
        Path wrapper = root.resolve("usr/local/bin/tapelib");
        assertThat(Files.getPosixFilePermissions(wrapper)).contains(PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(wrapper)).contains("-jar /opt/tapelib/cli/tapelib.jar \"$@\"");

        Files.writeString(root.resolve("etc/tapelib/tapelib.env"), "TAPE_CHANGER=/dev/sg7\n");
        install(root);
        assertThat(Files.readString(root.resolve("etc/tapelib/tapelib.env"))).as("an edited environment file is kept")
                .isEqualTo("TAPE_CHANGER=/dev/sg7\n");
        assertThat(Files.readString(root.resolve("etc/passwd")).lines().filter(l -> l.startsWith("tapelib:")))
                .as("the user is created once").hasSize(1);
        assertThat(Files.readString(Path.of("/etc/passwd"))).as("the host's users are untouched").isEqualTo(hostPasswd);
    }

    private static void install(Path root) throws Exception {
        Commands.Result install = Commands.run("bash", PROJECT.resolve("deploy/install.sh").toString(), "--root",
                root.toString());
        assertThat(install.exitCode()).as("install.sh: %s%s", install.stdout(), install.stderr()).isZero();
    }
}
