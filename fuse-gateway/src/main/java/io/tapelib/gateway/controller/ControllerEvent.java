package io.tapelib.gateway.controller;

/**
 * What the controller's event stream (WatchEvents) says that the operator's views show: a job changed, or an element
 * of the library did.
 */
public sealed interface ControllerEvent {

    /** A controller job changed state or progress; the job as it is now. */
    record JobChanged(ControllerJob job) implements ControllerEvent {
    }

    /** An element changed (load, unload, move, import, export, an inventory that found a change); the whole library. */
    record LibraryChanged(ChangerView library) implements ControllerEvent {
    }
}
