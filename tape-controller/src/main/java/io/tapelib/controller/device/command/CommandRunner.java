package io.tapelib.controller.device.command;

import java.time.Duration;
import java.util.List;

/**
 * Runs a device utility ({@code mtx}, {@code sg_logs}, ...) as a child process. The seam that lets the real
 * adapters' command lines be unit-tested against recorded device outputs.
 */
public interface CommandRunner {

    /**
     * Runs a command and waits for it.
     *
     * @param command the program and its arguments, e.g. {@code [mtx, -f, /dev/sg1, status]}
     * @param timeout how long the command may run; a robot move may take minutes
     * @return what it printed and its exit status (a non-zero exit is a result, not an exception)
     * @throws CommandTimeoutException the command did not finish within {@code timeout}; it was killed
     * @throws CommandStartException   the program cannot be started (not installed, not executable)
     */
    CommandResult run(List<String> command, Duration timeout);
}
