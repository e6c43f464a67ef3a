package io.tapelib.controller.jobs;

/** No element of the library holds a cartridge with this volume tag. */
public class VolumeNotFoundException extends RuntimeException {
    public VolumeNotFoundException(String volumeTag) {
        super("no cartridge with volume tag " + volumeTag + " is in the library");
    }
}
