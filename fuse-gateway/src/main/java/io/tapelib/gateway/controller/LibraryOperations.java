package io.tapelib.gateway.controller;

import java.util.List;

/**
 * The operator's calls to the controller that the gateway forwards (issue 14: {@code /api/v1/library},
 * {@code /drives/{n}/load} ... so that the console needs one origin), in the port's records. Each call waits for the
 * controller's finished job, as the controller's own REST API does.
 *
 * <p>Every call throws {@link ControllerUnavailableException} with the gRPC status code the controller answered:
 * INVALID_ARGUMENT (malformed input), NOT_FOUND (unknown volume tag, drive, element, or an empty source),
 * FAILED_PRECONDITION (a full destination, a cartridge in a drive, a cleaning cartridge), UNAVAILABLE (away or busy),
 * DEADLINE_EXCEEDED (no answer within the call's deadline: the job may still run, see {@link #jobs}).
 */
public interface LibraryOperations {

    /** The changer's elements and the library's timings (GetLibrary). */
    ChangerView changer();

    /**
     * Loads a cartridge into a drive, named by volume tag or by storage element (exactly one of them).
     *
     * @param volumeTag the cartridge, or null to name it by {@code slot}
     * @param slot      a storage element number (from 1), or 0 to name it by {@code volumeTag}
     * @return the finished LOAD job
     */
    ControllerJob load(int drive, String volumeTag, int slot);

    /**
     * Unloads a drive.
     *
     * @param slot the storage element to put the cartridge in; 0 for the one it came from
     * @return the finished UNLOAD job
     */
    ControllerJob unload(int drive, int slot);

    /**
     * Moves a cartridge to an import/export element for the operator to take out (unloaded first when in a drive).
     *
     * @param importExportSlot the import/export element; 0 for the first free one
     * @return the finished EXPORT job
     */
    ControllerJob export(String volumeTag, int importExportSlot);

    /**
     * Brings the cartridges in the import/export elements into free storage elements.
     *
     * @param importExportSlot only this import/export element; 0 for every full one
     * @return the finished IMPORT job (its detail names what moved and what stayed)
     */
    ControllerJob importCartridges(int importExportSlot);

    /**
     * Moves a cartridge between two storage or import/export elements.
     *
     * @return the finished MOVE job
     */
    ControllerJob move(ElementAddress from, ElementAddress to);

    /**
     * The controller's job history, newest first.
     *
     * @param limit at most this many, from 1
     */
    List<ControllerJob> jobs(int limit);
}
