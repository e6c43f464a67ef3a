package io.tapelib.controller.cli;

import io.tapelib.controller.config.InvalidDriveMappingException;
import io.tapelib.controller.config.UnsupportedChangerException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.library.LibraryInUseException;
import org.jboss.logging.Logger;
import picocli.CommandLine;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Turns a library that cannot be opened (a device missing, busy or silent, a malformed {@code TAPE_CHANGER} or
 * {@code TAPE_DRIVES}, a library held by another process) into one clear log line and exit status 1, instead of a
 * stack trace: the message already carries the device's own words and what to do. Anything else is a bug and keeps
 * its stack trace.
 */
final class StartupFailureHandler implements CommandLine.IExecutionExceptionHandler {

    private static final Logger LOG = Logger.getLogger(StartupFailureHandler.class);
    /** Exit status of a command that could not open the library. */
    static final int CANNOT_OPEN_LIBRARY = 1;

    private static final List<Class<? extends RuntimeException>> OPERATOR_ERRORS = List.of(DeviceException.class,
            UnsupportedChangerException.class, InvalidDriveMappingException.class, LibraryInUseException.class,
            UncheckedIOException.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed)
            throws Exception {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            Throwable current = cause;
            if (OPERATOR_ERRORS.stream().anyMatch(type -> type.isInstance(current))) {
                LOG.errorf("%s cannot open the tape library: %s", command.getCommandName(), current.getMessage());
                return CANNOT_OPEN_LIBRARY;
            }
        }
        throw e;
    }
}
