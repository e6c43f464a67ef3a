package io.tapelib.controller.cli;

import io.tapelib.controller.config.ChangerAddress;
import io.tapelib.controller.config.TapeSettings;
import io.tapelib.controller.config.UnsupportedChangerException;
import io.tapelib.controller.config.VirtualLibrarySettings;
import io.tapelib.controller.library.LibraryDirectory;
import io.tapelib.controller.library.LibraryInUseException;
import io.tapelib.controller.library.MailSlotException;
import io.tapelib.controller.library.MailSlots;
import io.tapelib.controller.library.VirtualLibraryConfig;
import jakarta.enterprise.context.Dependent;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code insert} and {@code eject} share: the virtual library named by {@code TAPE_CHANGER} (an operator's hand
 * at a real library's mail slot is a person's, not a command's; a library that does not exist yet is created with the
 * configured geometry, as the controller's first start would), and the exit status of each refusal. The statuses
 * are part of both commands' help.
 */
@Dependent
class MailSlotCommands {

    /** Done. */
    static final int OK = 0;
    /** The library cannot be reached ({@code TAPE_CHANGER} not virtual, no library, its files unreadable). */
    static final int NO_LIBRARY = 1;
    /** The folder is not a cartridge folder, or no usable volume tag. */
    static final int NOT_A_CARTRIDGE = 3;
    /** The volume tag is already in the library. */
    static final int ALREADY_IN_LIBRARY = 4;
    /** Every import/export element is full. */
    static final int NO_FREE_MAIL_SLOT = 5;
    /** The cartridge is not in an import/export element. */
    static final int NOT_IN_MAIL_SLOT = 6;
    /** The eject's destination exists and is not empty. */
    static final int DESTINATION_EXISTS = 7;

    /** The exit statuses, for the commands' help footers. */
    static final String EXIT_CODES = "%nExit status: 0 done; 1 no virtual library (TAPE_CHANGER) or its files cannot be"
            + " read or written; 2 bad options; 3 not a cartridge folder or no usable volume tag; 4 volume tag already"
            + " in the library; 5 no free import/export element (mail slot); 6 the cartridge is not in a mail slot;"
            + " 7 the destination exists and is not empty.";

    private final TapeSettings tape;
    private final VirtualLibrarySettings virtual;

    MailSlotCommands(TapeSettings tape, VirtualLibrarySettings virtual) {
        this.tape = tape;
        this.virtual = virtual;
    }

    @FunctionalInterface
    interface Action {
        String run(MailSlots slots) throws IOException;
    }

    /** Runs {@code action} on the library's mail slots; prints its line, or the refusal on {@code err}. */
    int run(String command, Action action, PrintWriter out, PrintWriter err) {
        try {
            Path dir = ChangerAddress.parse(tape.changer()).virtualLibraryDirectory().orElseThrow(() ->
                    new UnsupportedChangerException("TAPE_CHANGER=" + tape.changer() + " is a real medium changer: put"
                            + " cartridges into its mail slot by hand; " + command + " is for a virtual library"));
            VirtualLibraryConfig config = virtual.toConfig();
            if (!Files.exists(dir.resolve("library.json"))) {
                // a library that does not exist yet is created as the controller's first start would create it
                LibraryDirectory.open(dir, config, "tape-controller " + command).close();
            }
            MailSlots slots = new MailSlots(dir, config.cartridgeCapacityBytes());
            out.println(action.run(slots));
            return OK;
        } catch (MailSlotException e) {
            err.println(command + " refused: " + e.getMessage());
            return switch (e.reason()) {
                case NOT_A_CARTRIDGE -> NOT_A_CARTRIDGE;
                case ALREADY_IN_LIBRARY -> ALREADY_IN_LIBRARY;
                case NO_FREE_MAIL_SLOT -> NO_FREE_MAIL_SLOT;
                case NOT_IN_MAIL_SLOT -> NOT_IN_MAIL_SLOT;
                case DESTINATION_EXISTS -> DESTINATION_EXISTS;
                case NO_LIBRARY -> NO_LIBRARY;
            };
        } catch (IOException | UnsupportedChangerException | LibraryInUseException e) {
            err.println(command + " failed: " + e.getMessage());
            return NO_LIBRARY;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
