package io.tapelib.gateway.cache;

/**
 * The cache cannot take more bytes: everything it holds is dirty, being recalled or open, so nothing can be
 * evicted (the mount answers ENOSPC to a write, EIO to a read that needed a recall).
 */
public class CacheFullException extends CacheException {
    public CacheFullException(String message) {
        super(message);
    }
}
