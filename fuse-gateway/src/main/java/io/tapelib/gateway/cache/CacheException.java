package io.tapelib.gateway.cache;

/** The cache directory failed (an I/O error of the local disk); carries the operating system's message. */
public class CacheException extends RuntimeException {
    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }

    public CacheException(String message) {
        super(message);
    }
}
