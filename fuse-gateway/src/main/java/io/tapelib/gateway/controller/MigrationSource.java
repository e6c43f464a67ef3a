package io.tapelib.gateway.controller;

import io.tapelib.proto.v1.FileStart;
import java.nio.file.Path;

/**
 * One file to migrate: what the tape's index will say of it, and where its bytes are in the cache.
 *
 * @param start metadata sent to the controller (path relative to the volume root, length in bytes)
 * @param data  the cached object holding exactly {@code start.getLength()} bytes; null for symlinks
 */
public record MigrationSource(FileStart start, Path data) {
}
