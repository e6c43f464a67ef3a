package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.changer.UnknownElementException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.device.command.CommandRunner;
import io.tapelib.controller.device.command.CommandStartException;
import io.tapelib.controller.device.command.CommandTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The medium changer driven by the {@code mtx} program on the changer's generic SCSI device
 * ({@code mtx -f /dev/sgN ...}). Command lines and outputs follow mtx 1.3.12 (mtx.c, mtx(1)):
 * <ul>
 *   <li>{@code status} for the inventory, parsed by {@link MtxStatusParser};</li>
 *   <li>{@code load <slot> <drive>};</li>
 *   <li>{@code unload <slot> <drive>}: mtx's argument order is slot first, the reverse of
 *       {@link #unload(int, int)};</li>
 *   <li>{@code transfer <from> <to>} between storage and import/export elements.</li>
 * </ul>
 * Elements are named by the ordinals {@code mtx status} prints: drives from 0, slots from 1,
 * import/export elements after the storage elements. mtx reads the element status itself before
 * every move, so each move costs one extra READ ELEMENT STATUS and needs no inventory from here.
 * mtx exits 0 after a move it completed and 1 after any failure; failures are mapped by
 * {@link MtxErrors}. A run refused with sense key UNIT ATTENTION is run once more before it counts as
 * failed, since the refused command was not executed.
 *
 * <p>Not thread-safe with respect to the robot: as the port says, callers serialize moves.
 */
public final class MtxMediumChanger implements MediumChanger {

    private static final String MTX = "mtx";

    private final String changerDevice;
    private final CommandRunner runner;
    private final Duration statusTimeout;
    private final Duration moveTimeout;

    /**
     * @param changerDevice the changer's generic SCSI device, e.g. {@code /dev/sg1}
     * @param runner        runs mtx
     * @param statusTimeout how long {@code mtx status} may take (a library that scans its barcodes
     *                      may need minutes; e.g. 120 s)
     * @param moveTimeout   how long one {@code load}, {@code unload} or {@code transfer} may take,
     *                      including the drive's own unthreading and the robot's travel (e.g. 600 s)
     * @throws IllegalArgumentException a blank device or a timeout that is not positive
     */
    public MtxMediumChanger(String changerDevice, CommandRunner runner, Duration statusTimeout, Duration moveTimeout) {
        this.changerDevice = Objects.requireNonNull(changerDevice, "changerDevice");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.statusTimeout = Objects.requireNonNull(statusTimeout, "statusTimeout");
        this.moveTimeout = Objects.requireNonNull(moveTimeout, "moveTimeout");
        if (changerDevice.isBlank()) {
            throw new IllegalArgumentException("the changer device is blank");
        }
        if (statusTimeout.isNegative() || statusTimeout.isZero() || moveTimeout.isNegative() || moveTimeout.isZero()) {
            throw new IllegalArgumentException("mtx timeouts must be positive: status " + statusTimeout + ", move " + moveTimeout);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws DeviceException the changer does not answer (cannot open the device, READ ELEMENT STATUS
     *                         failed, no answer within the status timeout) or mtx printed no readable
     *                         inventory; the message quotes mtx
     */
    @Override
    public Inventory inventory() {
        CommandResult result = run("read the element status", statusTimeout, "status");
        return MtxStatusParser.parse(changerDevice, result.stdout());
    }

    /**
     * {@inheritDoc}
     *
     * @throws DeviceException also when the changer does not answer within the move timeout
     */
    @Override
    public void load(int storageSlot, int drive) {
        requireSlot(storageSlot, "load");
        requireDrive(drive, "load");
        run("load storage element " + storageSlot + " into data transfer element " + drive, moveTimeout,
                "load", Integer.toString(storageSlot), Integer.toString(drive));
    }

    /**
     * {@inheritDoc}
     *
     * @throws DeviceException also when the changer does not answer within the move timeout
     */
    @Override
    public void unload(int drive, int storageSlot) {
        requireSlot(storageSlot, "unload");
        requireDrive(drive, "unload");
        run("unload data transfer element " + drive + " into storage element " + storageSlot, moveTimeout,
                "unload", Integer.toString(storageSlot), Integer.toString(drive));
    }

    /**
     * {@inheritDoc}
     *
     * @throws DeviceException also when the changer does not answer within the move timeout
     */
    @Override
    public void transfer(int fromSlot, int toSlot) {
        requireSlot(fromSlot, "transfer");
        requireSlot(toSlot, "transfer");
        // mtx numbers storage and import/export elements in one sequence and so does this port: without an inventory
        // the adapter cannot tell which kind each number is, so the words name the sequence, not the kind
        run("transfer slot " + fromSlot + " to slot " + toSlot + " (storage or import/export elements)", moveTimeout,
                "transfer", Integer.toString(fromSlot), Integer.toString(toSlot));
    }

    // mtx cannot be trusted with these: it reads "-1" as the next command word and falls back to
    // drive 0, and "unload 0" indexes its element table at -1. So they never reach it.
    private void requireSlot(int slot, String command) {
        if (slot < 1) {
            throw new UnknownElementException(changerDevice, command + ": storage element " + slot
                    + " does not exist (mtx numbers storage and import/export elements from 1)");
        }
    }

    private void requireDrive(int drive, String command) {
        if (drive < 0) {
            throw new UnknownElementException(changerDevice, command + ": data transfer element " + drive
                    + " does not exist (mtx numbers drives from 0)");
        }
    }

    private CommandResult run(String operation, Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of(MTX, "-f", changerDevice));
        command.addAll(List.of(arguments));
        CommandResult result = runOnce(command, operation, timeout);
        // A library answers UNIT ATTENTION (28/00 after an inventory or a door opening, 29/00 after a
        // reset) to the first command that follows; a command refused that way was not executed
        // (SAM-5, unit attention condition), so one more try is safe and is what an operator would do.
        if (!result.succeeded() && unitAttention(result)) {
            result = runOnce(command, operation, timeout);
        }
        if (!result.succeeded()) {
            throw MtxErrors.forFailure(changerDevice, operation, result);
        }
        return result;
    }

    private CommandResult runOnce(List<String> command, String operation, Duration timeout) {
        try {
            return runner.run(command, timeout);
        } catch (CommandTimeoutException e) {
            throw MtxErrors.timedOut(changerDevice, operation, timeout, e);
        } catch (CommandStartException e) {
            throw MtxErrors.cannotStart(changerDevice, operation, e);
        }
    }

    private static boolean unitAttention(CommandResult result) {
        return MtxRequestSense.lastIn(result.output()).map(s -> s.senseKey().equals("Unit Attention")).orElse(false);
    }
}
