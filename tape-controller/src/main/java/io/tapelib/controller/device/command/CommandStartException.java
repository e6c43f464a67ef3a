package io.tapelib.controller.device.command;

import java.io.IOException;
import java.util.List;

/** A device utility could not be started: not installed, or not executable. */
public class CommandStartException extends RuntimeException {

    /**
     * @param command the command line
     * @param cause   the operating system's refusal
     */
    public CommandStartException(List<String> command, IOException cause) {
        super("cannot run " + String.join(" ", command) + ": " + cause.getMessage()
                + " (is the package that provides " + command.get(0) + " installed?)", cause);
    }
}
