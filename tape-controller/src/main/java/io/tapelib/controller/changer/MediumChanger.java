package io.tapelib.controller.changer;

/**
 * Port to a medium changer (SCSI Media Changer Commands, SMC-3): the robot and its elements.
 * Implementations: {@code changer.mtx} (the {@code mtx} program on the changer's sg device) and
 * {@code changer.virtual}. A caller serializes moves: one robot, one move at a time.
 *
 * <p>Every method may throw a {@link io.tapelib.controller.device.DeviceException} carrying the
 * changer's own words when the device does not answer.
 */
public interface MediumChanger {

    /** A fresh READ ELEMENT STATUS of every element. */
    Inventory inventory();

    /**
     * Moves a cartridge from a storage element into a data transfer element (mtx {@code load}).
     * A cleaning cartridge is moved like any other (that is how a drive gets cleaned); it is the
     * drive's {@link io.tapelib.controller.drive.TapeDrive#load()} that refuses to thread it for data,
     * with a {@link io.tapelib.controller.device.CleaningCartridgeException}.
     *
     * @throws SourceEmptyException     the slot holds no cartridge
     * @throws DestinationFullException the drive is already loaded
     * @throws UnknownElementException  no such slot or drive
     * @throws MoveFailedException      the robot failed; re-inventory before the next move
     */
    void load(int storageSlot, int drive);

    /**
     * Moves the cartridge in a data transfer element back to a storage element (mtx {@code unload}).
     * The drive must have been taken offline (unloaded) first; a drive that still has its cartridge
     * threaded refuses with a {@link MoveFailedException} (ILLEGAL REQUEST, 53/02 MEDIUM REMOVAL PREVENTED).
     *
     * @throws SourceEmptyException     the drive holds no cartridge
     * @throws DestinationFullException the slot is full
     * @throws UnknownElementException  no such slot or drive
     * @throws MoveFailedException      the robot failed
     */
    void unload(int drive, int storageSlot);

    /**
     * Moves a cartridge between two storage or import/export elements (mtx {@code transfer}).
     * Import/export elements are addressed by their ordinal after the storage elements.
     *
     * @throws SourceEmptyException     the source is empty
     * @throws DestinationFullException the destination is full
     * @throws UnknownElementException  no such element
     * @throws MoveFailedException      the robot failed
     */
    void transfer(int fromSlot, int toSlot);
}
