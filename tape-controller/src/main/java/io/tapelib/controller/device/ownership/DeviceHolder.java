package io.tapelib.controller.device.ownership;

/**
 * A process that holds a device: it has the device node open, or holds a lock on it.
 *
 * @param pid         the process id (in this process's pid namespace)
 * @param commandLine the process's command line from {@code /proc/<pid>/cmdline}, arguments separated by spaces;
 *                    its {@code comm} name in brackets when the command line is empty (a kernel thread), or
 *                    {@code ?} when the process has gone
 * @param how         what it holds, e.g. "a POSIX WRITE lock", "file descriptor 3"
 */
public record DeviceHolder(long pid, String commandLine, String how) {

    /** One line for an operator: {@code pid 4711 (mtx -f /dev/sg1 status) holds file descriptor 3}. */
    public String describe() {
        return "pid " + pid + " (" + commandLine + ") holds " + how;
    }
}
