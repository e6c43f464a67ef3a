package io.tapelib.controller.library;

import java.util.List;

/**
 * The JSON form of {@code library.json}: slots by ordinal order, null for an empty element.
 *
 * @param generation raised by every write, so that a process holding the state lock sees whether another one wrote
 *                   since it last read (0 in files written before it existed)
 */
record StoredLibrary(int storageSlots, int importExportSlots, List<String> storage, List<String> importExport,
                     List<StoredDrive> drives, long generation) {

    /** A data transfer element in {@code library.json}. */
    record StoredDrive(String volumeTag, Integer sourceSlot) {
    }

    /** A copy with other import/export elements and the next generation. */
    StoredLibrary withImportExport(List<String> mailSlots) {
        return new StoredLibrary(storageSlots, importExportSlots, storage, mailSlots, drives, generation + 1);
    }

    /** Whether {@code volumeTag} is in any element. */
    boolean holds(String volumeTag) {
        return storage.contains(volumeTag) || importExport.contains(volumeTag)
                || drives.stream().anyMatch(d -> volumeTag.equals(d.volumeTag()));
    }
}
