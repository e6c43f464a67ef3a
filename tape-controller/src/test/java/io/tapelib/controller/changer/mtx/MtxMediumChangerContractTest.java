package io.tapelib.controller.changer.mtx;

import io.tapelib.controller.changer.MediumChanger;
import io.tapelib.controller.changer.MediumChangerContract;

import java.time.Duration;
import java.util.Arrays;

/** The port's contract, run against {@link MtxMediumChanger} driving a {@link ScriptedMtx}. */
class MtxMediumChangerContractTest extends MediumChangerContract {

    @Override
    protected MediumChanger changer() {
        ScriptedMtx mtx = new ScriptedMtx(2,
                Arrays.asList("A00001L8", "A00002L8", "CLN001L1", null, null, null, null), 1);
        return new MtxMediumChanger("/dev/sg1", mtx, Duration.ofSeconds(120), Duration.ofSeconds(600));
    }
}
