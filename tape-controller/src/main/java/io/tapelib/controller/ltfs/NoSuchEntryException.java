package io.tapelib.controller.ltfs;

/** The volume has no entry at the path (ENOENT at the edges). */
public class NoSuchEntryException extends LtfsException {
    public NoSuchEntryException(String volume, String path) {
        super(volume + ": no entry '" + path + "' on the volume");
    }
}
