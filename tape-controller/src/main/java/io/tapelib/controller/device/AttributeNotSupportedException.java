package io.tapelib.controller.device;

/**
 * The drive or its adapter cannot read or write cartridge memory (MAM) attributes, or the medium holds none (SPC-4
 * READ ATTRIBUTE / WRITE ATTRIBUTE answered ILLEGAL REQUEST, or the adapter does not issue them). LTFS works without
 * MAM: callers fall back to reading the tape.
 */
public class AttributeNotSupportedException extends DeviceException {
    public AttributeNotSupportedException(String device, String message) {
        super(device, message);
    }
}
