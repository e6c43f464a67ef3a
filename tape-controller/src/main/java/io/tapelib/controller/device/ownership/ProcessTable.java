package io.tapelib.controller.device.ownership;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the processes that hold a device node, from Linux's procfs: the {@code /proc/<pid>/fd/*} symbolic links
 * that point at the node (what {@code fuser -v} and {@code lsof} read) and the lines of {@code /proc/locks} whose
 * inode is the node's (proc(5), "/proc/locks": {@code <n>: <FLOCK|POSIX|OFDLCK> <ADVISORY|MANDATORY>
 * <READ|WRITE> <pid> <major>:<minor>:<inode> <start> <end>}, major and minor in hex). Processes of other users
 * whose {@code fd} directories this process may not read are skipped; {@link DeviceHolders#incomplete()} then says so.
 * Stateless: safe to share.
 */
public final class ProcessTable {

    private final Path procRoot;

    /** @param procRoot the procfs mount, {@code /proc} on a real system (a temp tree in tests) */
    public ProcessTable(Path procRoot) {
        this.procRoot = procRoot;
    }

    /** The procfs of this system. */
    public static ProcessTable system() {
        return new ProcessTable(Path.of("/proc"));
    }

    /**
     * Every process other than this one that holds {@code device}, one entry per process, lock holders first.
     *
     * @param device the device node (or any file), compared by its real path and by device and inode number
     */
    public DeviceHolders holdersOf(Path device) {
        long self = ProcessHandle.current().pid();
        Map<Long, DeviceHolder> holders = new LinkedHashMap<>();
        for (DeviceHolder lock : lockHolders(device)) {
            if (lock.pid() != self) {
                holders.putIfAbsent(lock.pid(), lock);
            }
        }
        boolean[] incomplete = {false};
        for (DeviceHolder open : openers(device, incomplete)) {
            if (open.pid() != self) {
                holders.putIfAbsent(open.pid(), open);
            }
        }
        return new DeviceHolders(new ArrayList<>(holders.values()), incomplete[0]);
    }

    private List<DeviceHolder> lockHolders(Path device) {
        List<DeviceHolder> holders = new ArrayList<>();
        String wanted;
        try {
            long dev = ((Number) Files.getAttribute(device, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(device, "unix:ino")).longValue();
            // glibc's gnu_dev_major/gnu_dev_minor split of st_dev (sys/sysmacros.h)
            long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
            wanted = ino + "|" + major + "|" + minor;
        } catch (IOException | UnsupportedOperationException e) {
            return holders;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(procRoot.resolve("locks"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return holders;
        }
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            // a waiter's line reads "<n>: -> POSIX ..."; it waits for the lock, it does not hold it
            if (f.length < 6 || f[1].equals("->")) {
                continue;
            }
            String[] id = f[5].split(":");
            if (id.length != 3) {
                continue;
            }
            try {
                String key = Long.parseLong(id[2]) + "|" + Long.parseLong(id[0], 16) + "|" + Long.parseLong(id[1], 16);
                long pid = Long.parseLong(f[4]);
                if (key.equals(wanted) && pid > 0) {
                    holders.add(new DeviceHolder(pid, commandLine(pid), "a " + f[1] + " " + f[3] + " lock"));
                }
            } catch (NumberFormatException e) {
                // not a line of the documented shape; ignore it rather than guess
            }
        }
        return holders;
    }

    private List<DeviceHolder> openers(Path device, boolean[] incomplete) {
        List<DeviceHolder> holders = new ArrayList<>();
        Path target;
        try {
            target = device.toRealPath();
        } catch (IOException e) {
            return holders;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(procRoot, p -> isPid(p.getFileName().toString()))) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (pointsAt(fd, target)) {
                            holders.add(new DeviceHolder(pid, commandLine(pid), "file descriptor " + fd.getFileName()));
                            break;
                        }
                    }
                } catch (java.nio.file.AccessDeniedException e) {
                    incomplete[0] = true;
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            incomplete[0] = true;
        }
        return holders;
    }

    private static boolean pointsAt(Path fd, Path target) {
        try {
            return Objects.equals(Files.readSymbolicLink(fd), target);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private String commandLine(long pid) {
        Path dir = procRoot.resolve(Long.toString(pid));
        try {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            String text = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            if (!text.isEmpty()) {
                return text;
            }
            return "[" + Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip() + "]";
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
