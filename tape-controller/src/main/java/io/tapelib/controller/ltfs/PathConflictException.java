package io.tapelib.controller.ltfs;

/**
 * The volume's index cannot take an entry at the path because of what is already there: a directory where a file or
 * symbolic link goes, a file or symbolic link where a directory goes, or a parent that is not a directory.
 */
public class PathConflictException extends LtfsException {
    public PathConflictException(String message) {
        super(message);
    }
}
