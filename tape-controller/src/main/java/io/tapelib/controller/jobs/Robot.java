package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.changer.MoveFailedException;
import io.tapelib.controller.device.CleaningCartridgeException;
import org.jboss.logging.Logger;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The library's one robot: every READ ELEMENT STATUS and every move of the medium changer runs under one lock, so the
 * robot does one thing at a time whichever drive thread asks. Owns the sites' robot rules: re-inventory after a robot
 * error, a drive goes offline before its cartridge is taken, and a cleaning cartridge is never threaded for data.
 * Tells its listener the elements after every move, and after any inventory that differs from the last one seen
 * (an operator's hand at a mail slot, say), so that a watcher sees each change once.
 */
final class Robot {

    // the scheduler's log category: operators filter on it, and these lines were always logged under it
    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final MediumChanger changer;
    private final ReentrantLock lock = new ReentrantLock();
    /** Set when a robot move failed: the element state is uncertain until the changer is read again. Robot lock. */
    private boolean reinventoryBeforeNextMove;
    private final Consumer<Inventory> changes;
    /** The last inventory read or made by a move; null before the first. Robot lock. */
    private Inventory lastSeen;

    /** @param changes told the elements after each change, under the robot lock (must not block) */
    Robot(MediumChanger changer, Consumer<Inventory> changes) {
        this.changer = changer;
        this.changes = changes;
    }

    /** A fresh inventory of the changer, read under the robot lock; blocks the calling thread. */
    Inventory inventory() {
        lock.lock();
        try {
            return observed(changer.inventory());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Robot move between two storage or import/export elements (mtx ordinals), under the robot lock.
     *
     * @throws io.tapelib.controller.changer.SourceEmptyException     the source is empty
     * @throws io.tapelib.controller.changer.DestinationFullException the destination is full
     * @throws io.tapelib.controller.changer.UnknownElementException  no such element
     * @throws MoveFailedException                                   the robot failed
     */
    void transfer(int from, int to) {
        move(() -> changer.transfer(from, to));
    }

    /**
     * On the drive's thread: robot move from storage element {@code source} into the empty drive, then thread the
     * cartridge. A cartridge the drive refuses to thread as a cleaning cartridge goes back to {@code source}.
     *
     * @throws CleaningCartridgeException the element's volume tag or the drive names a cleaning cartridge
     * @throws MoveFailedException        the robot failed; the next move re-reads the element status first
     */
    void intoDrive(DriveContext context, Element source) {
        if (source.isCleaningCartridge()) {
            throw Cartridges.cleaningRefusal(source.volumeTag().orElse(""));
        }
        move(() -> changer.load(source.number(), context.index));
        try {
            context.drive.load();
        } catch (CleaningCartridgeException e) {
            move(() -> changer.unload(context.index, source.number()));
            throw e;
        }
    }

    /**
     * On the drive's thread: moves cleaning cartridge {@code cleaner} from its storage element into the empty drive,
     * waits for the drive's cleaning cycle ({@link io.tapelib.controller.drive.TapeDrive#clean()}) and moves it back.
     *
     * @throws MoveFailedException the robot failed
     * @throws io.tapelib.controller.device.DeviceException the drive did not eject it in time
     */
    void clean(DriveContext context, Element cleaner) {
        move(() -> changer.load(cleaner.number(), context.index));
        try {
            context.drive.clean();
        } finally {
            move(() -> changer.unload(context.index, cleaner.number()));
        }
    }

    /**
     * On the drive's thread: take the drive offline, then move its cartridge {@code tag} to storage element
     * {@code slot} (1-based; 0: the slot it came from, else the first empty slot).
     *
     * @throws io.tapelib.controller.changer.DestinationFullException no empty storage slot is left
     * @throws MoveFailedException                                   the robot failed
     */
    void outOfDrive(DriveContext context, String tag, int slot) {
        // sites' rule: the drive goes offline (rewound, unthreaded) before the robot is asked to take its cartridge
        context.drive.unload();
        context.threaded = false;
        move(() -> {
            int target = slot > 0 ? slot : context.sourceSlot > 0 ? context.sourceSlot
                    : Cartridges.firstEmptySlot(changer.inventory());
            changer.unload(context.index, target);
            LOG.infof("drive %d: unloaded %s to slot %d", context.index, tag, target);
        });
    }

    /**
     * Runs one robot move under the robot lock. After a {@link MoveFailedException} the next move is preceded by a
     * fresh READ ELEMENT STATUS (sites' rule: re-inventory after a robot error), so that the changer's own view is
     * re-read before the robot moves again; a move whose source emptied or whose destination filled in the meantime
     * then fails with the changer's typed error instead of a second robot error.
     */
    /**
     * The elements after a move, for the watchers: one more READ ELEMENT STATUS, cheap next to a move. The move is
     * done whatever this read says; a failed read only delays the event to the next inventory that succeeds.
     */
    private void observeAfterMove() {
        try {
            observed(changer.inventory());
        } catch (RuntimeException e) {
            LOG.warnf("the element status after a move could not be read (%s); watchers learn of the move with the"
                    + " next inventory", e.getMessage());
        }
    }

    private Inventory observed(Inventory inventory) {
        if (lastSeen != null && !lastSeen.equals(inventory)) {
            changes.accept(inventory);
        }
        lastSeen = inventory;
        return inventory;
    }

    private void move(Runnable move) {
        lock.lock();
        try {
            if (reinventoryBeforeNextMove) {
                Inventory fresh = changer.inventory();
                reinventoryBeforeNextMove = false;
                LOG.infof("re-read the changer's element status after a robot error: drives %s", fresh.dataTransfer());
            }
            move.run();
            observeAfterMove();
        } catch (MoveFailedException e) {
            reinventoryBeforeNextMove = true;
            throw e;
        } finally {
            lock.unlock();
        }
    }
}
