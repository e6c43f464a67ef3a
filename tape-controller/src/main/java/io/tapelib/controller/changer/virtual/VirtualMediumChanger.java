package io.tapelib.controller.changer.virtual;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.library.ElementAddresses;
import io.tapelib.controller.library.ElementStatus;
import io.tapelib.controller.library.LibraryElements;
import io.tapelib.controller.library.TimingModel;
import io.tapelib.controller.library.UnitAttentionException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The robot of the virtual library. Moves follow the rules of a SCSI medium changer (SMC-3 MOVE
 * MEDIUM): the source must be full, the destination empty, and a drive gives up its cartridge only
 * after it was unloaded. Every move is charged one robot exchange by the {@link TimingModel}.
 * A cleaning cartridge is moved like any other; it is the drive that refuses to load it for data.
 *
 * <p>As a port adapter it does to the virtual device what a real adapter does to a library: a command answered
 * with UNIT ATTENTION (after power-up, or after an operator changed the media) is sent once more, after the
 * element status was read again, since the medium may have changed; element addresses become mtx ordinals
 * and padded volume tags are stripped.
 */
public final class VirtualMediumChanger implements MediumChanger {

    private static final Logger LOG = Logger.getLogger(VirtualMediumChanger.class);

    private final LibraryElements elements;
    private final TimingModel timing;
    private final AtomicLong unitAttentions = new AtomicLong();

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
        return command("READ ELEMENT STATUS", this::readInventory);
    }

    /** {@inheritDoc} Import/export slots (numbered after the storage slots) may be the source too, as with mtx. */
    @Override
    public void load(int storageSlot, int drive) {
        command("MOVE MEDIUM slot " + storageSlot + " to drive " + drive, () -> {
            elements.moveSlotToDrive(storageSlot, drive);
            return null;
        });
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
        command("MOVE MEDIUM drive " + drive + " to slot " + storageSlot, () -> {
            elements.moveDriveToSlot(drive, storageSlot);
            return null;
        });
        timing.robotMove();
    }

    @Override
    public void transfer(int fromSlot, int toSlot) {
        command("MOVE MEDIUM slot " + fromSlot + " to slot " + toSlot, () -> {
            elements.moveSlotToSlot(fromSlot, toSlot);
            return null;
        });
        timing.robotMove();
    }

    /** How many UNIT ATTENTION conditions this changer absorbed since it was opened. */
    public long unitAttentions() {
        return unitAttentions.get();
    }

    /**
     * Sends a command; after a UNIT ATTENTION, reads the element status again (the medium may have changed) and
     * sends the command once more. A second UNIT ATTENTION in a row reaches the caller as the device error it is.
     */
    private <T> T command(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (UnitAttentionException attention) {
            unitAttentions.incrementAndGet();
            LOG.infof("%s: %s answered %s; re-reading element status and sending it once more",
                    LibraryElements.CHANGER_DEVICE, what, attention.getMessage());
            readInventory();
            return command.get();
        }
    }

    private Inventory readInventory() {
        ElementAddresses addresses = elements.addresses();
        List<Element> drives = new ArrayList<>();
        List<Element> storage = new ArrayList<>();
        List<Element> importExport = new ArrayList<>();
        for (ElementStatus status : elements.readElementStatus()) {
            int number = status.type() == ElementType.DATA_TRANSFER
                    ? status.address() - addresses.firstDataTransfer()
                    : addresses.slotOrdinal(status.address());
            String tag = status.volumeTag().strip();
            Element element = !status.full() ? Element.empty(status.type(), number)
                    : new Element(status.type(), number, true, tag.isEmpty() ? Optional.empty() : Optional.of(tag),
                    status.sourceAddress().isPresent()
                            ? OptionalInt.of(addresses.slotOrdinal(status.sourceAddress().getAsInt()))
                            : OptionalInt.empty());
            switch (status.type()) {
                case DATA_TRANSFER -> drives.add(element);
                case STORAGE -> storage.add(element);
                case IMPORT_EXPORT -> importExport.add(element);
                case MEDIUM_TRANSPORT -> { }
            }
        }
        return new Inventory(drives, storage, importExport);
    }
}
