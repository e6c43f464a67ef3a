package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.changer.MoveFailedException;

import java.util.Optional;

/**
 * A move that mtx reported as failed ({@code MOVE MEDIUM from Element Address X to Y Failed} and its
 * kin), with the sense data mtx dumped for it. The message carries the same words; this type only
 * gives callers that want to tell, say, {@code Not Ready 04/12} from {@code Hardware Error} a
 * structured view.
 */
public class MtxMoveFailedException extends MoveFailedException {

    private final transient MtxRequestSense requestSense;

    /**
     * @param device       the changer device, e.g. {@code /dev/sg1}
     * @param message      what failed, in mtx's words
     * @param requestSense the sense data mtx printed for the failure, or {@code null} when it printed none
     */
    public MtxMoveFailedException(String device, String message, MtxRequestSense requestSense) {
        super(device, message);
        this.requestSense = requestSense;
    }

    /** The sense data of the failed MOVE MEDIUM, when mtx printed a Request Sense dump. */
    public Optional<MtxRequestSense> requestSense() {
        return Optional.ofNullable(requestSense);
    }
}
