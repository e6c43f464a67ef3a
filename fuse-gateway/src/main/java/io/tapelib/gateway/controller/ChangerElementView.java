package io.tapelib.gateway.controller;

/**
 * One element of the medium changer as the operator's APIs show it: the JSON of the controller's REST
 * {@code ElementView}, so that the gateway's forward of {@code GET /api/v1/library} answers the same shape.
 *
 * @param type            DATA_TRANSFER, STORAGE or IMPORT_EXPORT
 * @param number          the ordinal as mtx prints it (drives from 0, slots from 1)
 * @param full            whether it holds a cartridge
 * @param volumeTag       the cartridge's barcode, null when empty or unlabelled
 * @param sourceSlot      for a loaded drive, the storage slot the cartridge came from; null when unknown
 * @param cleaning        whether the cartridge is a cleaning cartridge
 * @param needsCleaning   a drive that asked for cleaning (TapeAlert 20 or 21, SSC-4 Annex A) and was not cleaned
 *                        since; null for other elements
 * @param cleaningUses    a cleaning cartridge's cleanings run by the controller; null for other cartridges
 * @param cleaningExpired a cleaning cartridge a drive reported expired (TapeAlert 22); null for other cartridges
 */
public record ChangerElementView(String type, int number, boolean full, String volumeTag, Integer sourceSlot,
                                 boolean cleaning, Boolean needsCleaning, Integer cleaningUses, Boolean cleaningExpired) {
}
