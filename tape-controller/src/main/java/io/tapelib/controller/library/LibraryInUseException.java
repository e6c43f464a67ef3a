package io.tapelib.controller.library;

/** Another process (or another part of this one) holds the library's lock file; the message names the holder. */
public class LibraryInUseException extends IllegalStateException {
    public LibraryInUseException(String message) {
        super(message);
    }
}
