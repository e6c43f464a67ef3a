package io.tapelib.controller.changer.virtual;

import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.library.LibraryElements;
import io.tapelib.controller.library.TimingModel;

/**
 * The robot of the virtual library. Moves follow the rules of a SCSI medium changer (SMC-3 MOVE
 * MEDIUM): the source must be full, the destination empty, and a drive gives up its cartridge only
 * after it was unloaded. Every move is charged one robot exchange by the {@link TimingModel}.
 * A cleaning cartridge is moved like any other; it is the drive that refuses to load it for data.
 */
public final class VirtualMediumChanger implements MediumChanger {

    private final LibraryElements elements;
    private final TimingModel timing;

    /**
     * @param elements the library's element state (shared with the drives)
     * @param timing   charges the robot's time
     */
    public VirtualMediumChanger(LibraryElements elements, TimingModel timing) {
        this.elements = elements;
        this.timing = timing;
    }

    @Override
    public Inventory inventory() {
        return elements.inventory();
    }

    /** {@inheritDoc} Import/export slots (numbered after the storage slots) may be the source too, as with mtx. */
    @Override
    public void load(int storageSlot, int drive) {
        elements.moveSlotToDrive(storageSlot, drive);
        timing.robotMove();
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.tapelib.controller.changer.MoveFailedException also when the drive still has its
     *         cartridge threaded (ILLEGAL REQUEST, 53/02 MEDIUM REMOVAL PREVENTED)
     */
    @Override
    public void unload(int drive, int storageSlot) {
        elements.moveDriveToSlot(drive, storageSlot);
        timing.robotMove();
    }

    @Override
    public void transfer(int fromSlot, int toSlot) {
        elements.moveSlotToSlot(fromSlot, toSlot);
        timing.robotMove();
    }
}
