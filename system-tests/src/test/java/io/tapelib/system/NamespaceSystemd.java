package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real systemd as PID 1 of private namespaces with a root directory of its own (system-tests/systemd-boot.sh): the
 * host's /usr read-only, a copy of its /etc, and whatever deploy/install.sh put in the root. Its services share the
 * host's network; their mounts are in the namespace only, reached from the host through {@link #hostPath}. Closing
 * saves the journal, powers the systemd off (SIGRTMIN+4) and, should it not end, kills the namespace.
 */
final class NamespaceSystemd implements AutoCloseable {
    static final Path SCRIPT = Path.of("systemd-boot.sh").toAbsolutePath();
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POWEROFF_TIMEOUT = Duration.ofSeconds(30);
    /** What {@code systemctl is-system-running} says once the boot has ended, well or not. */
    private static final List<String> BOOTED = List.of("running", "degraded", "maintenance", "stopping");

    private final Process boot;
    private final long pid;
    private final Path logs;

    private NamespaceSystemd(Process boot, long pid, Path logs) {
        this.boot = boot;
        this.pid = pid;
        this.logs = logs;
    }

    /** Empty when a namespace systemd can boot on this machine; else what is missing (systemd-boot.sh check). */
    static Optional<String> cannotBoot() throws IOException, InterruptedException {
        Commands.Result check = Commands.run("bash", SCRIPT.toString(), "check");
        System.out.println("NamespaceSystemd: " + check.stdout().strip());
        return check.exitCode() == 0 ? Optional.empty() : Optional.of((check.stdout() + check.stderr()).strip());
    }

    /** A copy of the host's /etc without its units, the units that would touch the host's kernel masked. */
    static void prepare(Path root) throws IOException, InterruptedException {
        Commands.run("bash", SCRIPT.toString(), "prepare", root.toString()).requireSuccess("systemd-boot.sh prepare");
    }

    /** Boots {@code root} into multi-user.target and waits until systemd reports the boot finished. */
    static NamespaceSystemd boot(Path root, Path logs) throws Exception {
        Files.createDirectories(logs);
        Path pidFile = logs.resolve("systemd.pid").toAbsolutePath();
        Files.deleteIfExists(pidFile);
        Process boot = new ProcessBuilder("bash", SCRIPT.toString(), "boot", root.toString(), pidFile.toString(),
                "--unit=multi-user.target")
                .redirectErrorStream(true).redirectOutput(logs.resolve("systemd-boot.log").toFile()).start();
        long pid;
        try {
            pid = await("systemd's PID in " + pidFile).atMost(BOOT_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> readPid(pidFile, boot), p -> p > 0);
        } catch (RuntimeException e) {
            boot.destroy();
            throw new AssertionError("systemd did not boot: " + Files.readString(logs.resolve("systemd-boot.log")), e);
        }
        NamespaceSystemd systemd = new NamespaceSystemd(boot, pid, logs);
        try {
            // "offline" until systemd listens on its socket, nothing while it cannot answer yet; then --wait returns
            // once the boot has ended
            String state = await("systemctl is-system-running").atMost(BOOT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> systemd.inside("systemctl", "is-system-running", "--wait").stdout().strip(),
                            BOOTED::contains);
            System.out.printf("NamespaceSystemd: PID %d, is-system-running: %s%n", pid, state);
            assertThat(state).as("systemctl is-system-running; failed units: %s",
                    systemd.inside("systemctl", "--failed", "--no-pager").stdout()).isIn("running", "degraded");
            return systemd;
        } catch (Exception | AssertionError e) {
            try {
                systemd.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static long readPid(Path pidFile, Process boot) throws IOException {
        if (!boot.isAlive()) {
            throw new IllegalStateException("systemd-boot.sh ended with exit code " + boot.exitValue());
        }
        String text = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    /** Runs {@code command} inside all the namespaces and the root of the systemd (nsenter), 2 minutes at most. */
    Commands.Result inside(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-m", "-p", "-u", "-i", "-C",
                "-r", "-w"));
        full.addAll(List.of(command));
        return Commands.run(null, 120, full.toArray(String[]::new));
    }

    /** {@code systemctl show -p property --value unit}. */
    String show(String unit, String property) throws IOException, InterruptedException {
        return inside("systemctl", "show", "-p", property, "--value", unit).requireSuccess("systemctl show " + unit)
                .stdout().strip();
    }

    /** A path inside the namespace's root and mounts (e.g. the gateway's FUSE mount), as the host reaches it. */
    Path hostPath(String inside) {
        return Path.of("/proc", Long.toString(pid), "root", inside.replaceFirst("^/+", ""));
    }

    /** The namespace's mount table as PID 1 sees it (/proc/1/mountinfo inside). */
    String mountTable() throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "mountinfo"));
    }

    @Override
    public void close() throws Exception {
        try {
            Files.writeString(logs.resolve("journal.txt"), inside("journalctl", "-b", "--no-pager").stdout());
        } finally {
            Commands.run("kill", "-s", "RTMIN+4", Long.toString(pid));
            if (!boot.waitFor(POWEROFF_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                // systemd-boot.sh kills the namespace's PID 1 on SIGTERM, and everything inside dies with it
                boot.destroy();
                boot.waitFor(POWEROFF_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
