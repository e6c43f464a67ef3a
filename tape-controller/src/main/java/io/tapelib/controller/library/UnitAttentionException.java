package io.tapelib.controller.library;

import io.tapelib.controller.device.DeviceException;

/**
 * The virtual changer answered CHECK CONDITION with UNIT ATTENTION, 28/00 NOT READY TO READY CHANGE, MEDIUM MAY
 * HAVE CHANGED, as a real library does to the first command after power-up or after its mail slot or magazines
 * were opened (shared/fixtures/hardware/sg_raw-read-element-status-hpe-msl3040-unit-attention.txt). The command was
 * not executed; the condition is cleared by reporting it, so the same command succeeds when sent again. The
 * changer port absorbs it (it never reaches a caller of {@link io.tapelib.controller.changer.MediumChanger}).
 */
public class UnitAttentionException extends DeviceException {
    public UnitAttentionException(String device, String message) {
        super(device, message);
    }
}
