package io.tapelib.gateway.catalog;

/** The catalog database failed (I/O, corruption, a locked database past the busy timeout); carries SQLite's message. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    public CatalogException(String message) {
        super(message);
    }
}
