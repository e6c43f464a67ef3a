package io.tapelib.controller.cli;

import io.tapelib.controller.config.LibraryDevices;
import io.tapelib.controller.config.TapeSettings;
import io.tapelib.controller.doctor.LibraryDoctor;
import io.tapelib.controller.doctor.UserIdentity;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tape-controller doctor}: the first command to run on real hardware. Prints what the controller sees (the
 * kernel's tape drives and medium changers with their sg/st mapping, the configured device nodes and who may use
 * them, the changer's inventory, each drive's status) and then what is wrong, in words a site administrator can act
 * on. Runs without the server (and while the server runs, it reports the devices as held by it). Exit status 0 when
 * nothing is wrong, 1 otherwise.
 */
@Command(name = DoctorCommand.NAME, mixinStandardHelpOptions = true,
        description = "Show what the controller sees of the tape library and what is wrong with it.")
public class DoctorCommand implements Callable<Integer> {

    static final String NAME = "doctor";

    @Option(names = "--sysfs-root", hidden = true, defaultValue = "/sys", description = "Where sysfs is mounted.")
    Path sysfsRoot;

    @Option(names = "--dev-root", hidden = true, defaultValue = "/dev", description = "Where the device nodes are.")
    Path devRoot;

    @Spec
    CommandSpec spec;

    private final TapeSettings settings;
    private final Instance<LibraryDevices> devices;

    /** @param devices opened only when the doctor gets that far: opening takes the devices, as the server does */
    @Inject
    public DoctorCommand(TapeSettings settings, Instance<LibraryDevices> devices) {
        this.settings = settings;
        this.devices = devices;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> problems = new LibraryDoctor(sysfsRoot, devRoot, UserIdentity.current())
                .examine(settings.changer(), settings.drives().orElse(List.of()), devices::get, out);
        out.flush();
        return problems.isEmpty() ? 0 : 1;
    }
}
