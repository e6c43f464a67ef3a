package io.tapelib.controller.device.command;

import java.time.Duration;
import java.util.List;

/** A device utility ran longer than its timeout and was killed. */
public class CommandTimeoutException extends RuntimeException {

    /**
     * @param command the command line
     * @param timeout the timeout it exceeded
     */
    public CommandTimeoutException(List<String> command, Duration timeout) {
        super(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s and was killed");
    }
}
