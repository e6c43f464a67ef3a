package io.tapelib.gateway.controller;

import io.grpc.StatusRuntimeException;
import io.tapelib.gateway.config.GatewayConfig;
import io.tapelib.proto.v1.ExportRequest;
import io.tapelib.proto.v1.GetLibraryRequest;
import io.tapelib.proto.v1.ImportRequest;
import io.tapelib.proto.v1.ListJobsRequest;
import io.tapelib.proto.v1.LoadRequest;
import io.tapelib.proto.v1.MoveRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import io.tapelib.proto.v1.UnloadRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC adapter of {@link LibraryOperations}, on {@link ControllerClient}'s channel (so the same reconnection and,
 * with OPERATOR_TOKEN, the same bearer token). GetLibrary and ListJobs have the unary call deadline
 * (CONTROLLER_CALL_DEADLINE); the calls that wait for the robot have {@link #ROBOT_CALL_DEADLINE}.
 */
@ApplicationScoped
public class LibraryOperationsClient implements LibraryOperations {
    /**
     * Deadline of Load, Unload, Export, Import and Move. The robot's own time is under a minute (an MSL4048 move is
     * 20 s, an LTO-5 load 12 s and unload 17 s: DESIGN.md section 6), but the controller queues a load or an export
     * behind the drive's running job (a recall or a migration batch), which the library's timings cannot bound. Ten
     * minutes covers the robot many times over and a queued job of ordinary size; past it the caller is told 503 and
     * the job goes on in the controller (its job list shows how it ended).
     */
    static final Duration ROBOT_CALL_DEADLINE = Duration.ofMinutes(10);

    private final ControllerClient client;
    private final GatewayConfig config;

    public LibraryOperationsClient(ControllerClient client, GatewayConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public ChangerView changer() {
        return call("GetLibrary", config.controllerCallDeadline(),
                stub -> OperatorMapping.changer(stub.getLibrary(GetLibraryRequest.getDefaultInstance())));
    }

    @Override
    public ControllerJob load(int drive, String volumeTag, int slot) {
        LoadRequest.Builder request = LoadRequest.newBuilder().setDrive(drive).setSlot(slot);
        if (volumeTag != null) {
            request.setVolumeTag(volumeTag);
        }
        return call("Load", ROBOT_CALL_DEADLINE, stub -> OperatorMapping.job(stub.load(request.build())));
    }

    @Override
    public ControllerJob unload(int drive, int slot) {
        return call("Unload", ROBOT_CALL_DEADLINE, stub -> OperatorMapping.job(
                stub.unload(UnloadRequest.newBuilder().setDrive(drive).setSlot(slot).build())));
    }

    @Override
    public ControllerJob export(String volumeTag, int importExportSlot) {
        return call("Export", ROBOT_CALL_DEADLINE, stub -> OperatorMapping.job(stub.export(ExportRequest.newBuilder()
                .setVolumeTag(volumeTag).setImportExportSlot(importExportSlot).build())));
    }

    @Override
    public ControllerJob importCartridges(int importExportSlot) {
        return call("Import", ROBOT_CALL_DEADLINE, stub -> OperatorMapping.job(
                stub.import_(ImportRequest.newBuilder().setImportExportSlot(importExportSlot).build())));
    }

    @Override
    public ControllerJob move(ElementAddress from, ElementAddress to) {
        return call("Move", ROBOT_CALL_DEADLINE, stub -> OperatorMapping.job(stub.move(MoveRequest.newBuilder()
                .setFrom(OperatorMapping.address(from)).setTo(OperatorMapping.address(to)).build())));
    }

    @Override
    public List<ControllerJob> jobs(int limit) {
        return call("ListJobs", config.controllerCallDeadline(), stub -> stub.listJobs(
                ListJobsRequest.newBuilder().setLimit(limit).build()).getJobsList().stream()
                .map(OperatorMapping::job).toList());
    }

    private <T> T call(String name, Duration deadline,
                       java.util.function.Function<TapeControllerGrpc.TapeControllerBlockingStub, T> body) {
        try {
            return body.apply(TapeControllerGrpc.newBlockingStub(client.channel())
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw ControllerClient.translate(name, e);
        }
    }
}
