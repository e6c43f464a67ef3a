package io.tapelib.controller.device.command;

import java.util.List;

/**
 * What a finished command printed.
 *
 * @param command  the command line that ran
 * @param exitCode its exit status, 0 for success
 * @param stdout   standard output, decoded as UTF-8 (invalid bytes replaced)
 * @param stderr   standard error, decoded as UTF-8 (invalid bytes replaced)
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    /** Whether the command exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Standard output and standard error together, for messages that quote the device's own words. */
    public String output() {
        if (stderr.isBlank()) {
            return stdout.strip();
        }
        if (stdout.isBlank()) {
            return stderr.strip();
        }
        return stdout.strip() + "\n" + stderr.strip();
    }
}
