package io.tapelib.gateway.controller;

/**
 * A storage or import/export element of the medium changer, by type and number (numbers as
 * {@link ChangerElementView#number()}); what a move names as its source and destination. Drives are reached through
 * load and unload, never through a move.
 *
 * @param type   which kind of element
 * @param number its ordinal, from 1
 */
public record ElementAddress(Type type, int number) {

    /** The element types a move may name (SMC-3 storage and import/export elements). */
    public enum Type { STORAGE, IMPORT_EXPORT }
}
