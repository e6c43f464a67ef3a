package io.tapelib.controller.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.quarkus.runtime.Quarkus;
import io.tapelib.controller.jobs.DriveScheduler;
import org.jboss.logging.Logger;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

/**
 * {@code tape-controller}: without a subcommand, runs the controller's gRPC and REST server until the process is
 * told to stop. Opens the library at start, so that a wrong {@code TAPE_CHANGER} or a library held by another
 * process fails the start instead of the first request.
 */
@TopCommand
@Command(name = "tape-controller", mixinStandardHelpOptions = true, subcommands = {ImportCommand.class, IndexCommand.class, DoctorCommand.class,
        InsertCommand.class, EjectCommand.class},
        description = "Owns the tape library's medium changer and drives; serves REST on its HTTP port and gRPC on a port of its own.")
public class TapeControllerCommand implements Runnable {

    private static final Logger LOG = Logger.getLogger(TapeControllerCommand.class);

    private final DriveScheduler scheduler;

    @Inject
    public TapeControllerCommand(DriveScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void run() {
        LOG.infof("tape library ready with %d drive(s)", scheduler.driveCount());
        Quarkus.waitForExit();
    }
}
