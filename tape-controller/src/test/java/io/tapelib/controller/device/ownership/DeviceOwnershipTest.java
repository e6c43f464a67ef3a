package io.tapelib.controller.device.ownership;

import io.tapelib.controller.device.DeviceBusyException;
import io.tapelib.controller.device.DeviceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Ownership of a device node, with a plain file standing in for the node and real child processes holding it.
 */
class DeviceOwnershipTest {

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessHoldingTheNodeOpenIsNamedWithPidAndCommandLine() throws IOException {
        Path node = Files.createFile(dir.resolve("sg1"));
        Process holder = start("sh", "-c", "exec 3<'" + node + "'; exec sleep 600");

        await().atMost(Duration.ofSeconds(30)).until(() -> !ProcessTable.system().holdersOf(node).holders().isEmpty());

        DeviceHolders found = ProcessTable.system().holdersOf(node);
        assertThat(found.holders()).singleElement().satisfies(h -> {
            assertThat(h.pid()).isEqualTo(holder.pid());
            assertThat(h.commandLine()).isEqualTo("sleep 600");
            assertThat(h.how()).isEqualTo("file descriptor 3");
        });
        assertThat(DeviceOwnership.inUse(node, ProcessTable.system(), "Device or resource busy").getMessage())
                .isEqualTo(node + ": device in use by another process (Device or resource busy): pid " + holder.pid()
                        + " (sleep 600) holds file descriptor 3; stop it (or the other tape-controller) before starting"
                        + " this one");
    }

    @Test
    void aSecondOwnerIsRefusedWithTheLockHoldersPidAndCommandLine() throws Exception {
        Path node = Files.createFile(dir.resolve("sg1"));
        Path program = dir.resolve("HoldLock.java");
        Files.writeString(program, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class HoldLock {
                    public static void main(String[] args) throws Exception {
                        FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE);
                        if (channel.tryLock(0, Long.MAX_VALUE, false) == null) { System.exit(3); }
                        System.out.println("locked");
                        System.out.flush();
                        Thread.sleep(600_000);
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process holder = start(java, program.toString(), node.toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return e.toString();
            }
        }).get(120, TimeUnit.SECONDS);
        assertThat(first).isEqualTo("locked");

        assertThatThrownBy(() -> DeviceOwnership.acquire(node, ProcessTable.system()))
                .isInstanceOf(DeviceBusyException.class)
                .hasMessageStartingWith(node + ": device in use by another process: pid " + holder.pid() + " (" + java
                        + " " + program + " " + node + ") holds a POSIX WRITE lock");

        holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        try (DeviceOwnership owned = DeviceOwnership.acquire(node, ProcessTable.system())) {
            assertThat(owned.device()).isEqualTo(node);
        }
    }

    @Test
    void aMissingNodeIsAClearError() {
        assertThatThrownBy(() -> DeviceOwnership.acquire(dir.resolve("sg9"), ProcessTable.system()))
                .isInstanceOf(DeviceException.class)
                .hasMessageStartingWith(dir.resolve("sg9") + ": no such device node");
    }

    @Test
    void locksOfOtherInodesAndWaitersAreNotHolders() throws IOException {
        Path node = Files.createFile(dir.resolve("sg1"));
        long ino = ((Number) Files.getAttribute(node, "unix:ino")).longValue();
        long dev = ((Number) Files.getAttribute(node, "unix:dev")).longValue();
        String id = String.format("%02x:%02x:%d", (dev >>> 8) & 0xfff, dev & 0xff, ino);
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("locks"), String.join("\n",
                "1: POSIX  ADVISORY  WRITE 4242 " + id + " 0 EOF",
                "1: -> POSIX  ADVISORY  WRITE 4343 " + id + " 0 EOF",
                "2: FLOCK  ADVISORY  WRITE 4444 00:01:" + (ino + 1) + " 0 EOF", ""));
        Files.createDirectories(proc.resolve("4242"));
        Files.write(proc.resolve("4242/cmdline"), "tape-controller\0--port\0009080\0".getBytes(StandardCharsets.UTF_8));

        assertThat(new ProcessTable(proc).holdersOf(node).holders())
                .containsExactly(new DeviceHolder(4242, "tape-controller --port 9080", "a POSIX WRITE lock"));
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(process);
        return process;
    }
}
