package io.tapelib.controller.api;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tapelib.controller.config.LibraryProducer;
import io.tapelib.proto.v1.Element;
import io.tapelib.proto.v1.ElementAddress;
import io.tapelib.proto.v1.ElementType;
import io.tapelib.proto.v1.Event;
import io.tapelib.proto.v1.ExportRequest;
import io.tapelib.proto.v1.GetLibraryRequest;
import io.tapelib.proto.v1.ImportRequest;
import io.tapelib.proto.v1.Job;
import io.tapelib.proto.v1.JobState;
import io.tapelib.proto.v1.JobType;
import io.tapelib.proto.v1.Library;
import io.tapelib.proto.v1.MoveRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import io.tapelib.proto.v1.WatchEventsRequest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Export, Import and Move through the gRPC API, their status codes, and the library events they cause. */
@QuarkusTest
@TestProfile(MailSlotProfile.class)
class MailSlotGrpcTest {

    @GrpcClient("tape")
    Channel channel;

    @Inject
    LibraryProducer.OpenLibrary open;

    private TapeControllerGrpc.TapeControllerBlockingStub stub() {
        return TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES);
    }

    private Library library() {
        return stub().getLibrary(GetLibraryRequest.getDefaultInstance());
    }

    @BeforeEach
    void operatorCartridgeWaits() {
        MailSlotProfile.operatorCartridgeInMailSlot(open, library().toString());
    }

    @AfterEach
    void importWhatWasExported() {
        for (Element mail : library().getImportExportSlotsList()) {
            if (mail.getFull() && mail.getNumber() != MailSlotProfile.EXTRA_MAIL_SLOT) {
                stub().import_(ImportRequest.newBuilder().setImportExportSlot(mail.getNumber()).build());
            }
        }
    }

    private static ElementAddress address(ElementType type, int number) {
        return ElementAddress.newBuilder().setType(type).setNumber(number).build();
    }

    private static Optional<String> tagIn(List<Element> elements, int number) {
        return elements.stream().filter(e -> e.getNumber() == number && e.getFull()).map(Element::getVolumeTag).findFirst();
    }

    @Test
    void anExportSendsTheLibraryWithTheCartridgeInItsMailSlotAndAnImportSendsItBack() {
        List<Event> events = new CopyOnWriteArrayList<>();
        Context.CancellableContext watching = Context.current().withCancellation();
        try {
            watching.run(() -> TapeControllerGrpc.newStub(channel).watchEvents(WatchEventsRequest.getDefaultInstance(),
                    new StreamObserver<>() {
                        @Override public void onNext(Event event) { events.add(event); }
                        @Override public void onError(Throwable t) { }
                        @Override public void onCompleted() { }
                    }));
            // the subscription is in place once a probe move (out to a mail slot and back) has sent a library event
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                stub().move(MoveRequest.newBuilder().setFrom(address(ElementType.STORAGE, 12))
                        .setTo(address(ElementType.IMPORT_EXPORT, 49)).build());
                stub().move(MoveRequest.newBuilder().setFrom(address(ElementType.IMPORT_EXPORT, 49))
                        .setTo(address(ElementType.STORAGE, 12)).build());
                return events.stream().anyMatch(Event::hasLibrary);
            });
            events.clear();

            Job export = stub().export(ExportRequest.newBuilder().setVolumeTag("TL0010L5").build());

            assertThat(export.getType()).isEqualTo(JobType.EXPORT);
            assertThat(export.getState()).isEqualTo(JobState.SUCCEEDED);
            assertThat(export.getSlot()).isEqualTo(10);
            Library exported = awaitLibrary(events, l -> tagIn(l.getImportExportSlotsList(), 49).isPresent());
            assertThat(tagIn(exported.getImportExportSlotsList(), 49)).contains("TL0010L5");
            assertThat(tagIn(exported.getStorageSlotsList(), 10)).isEmpty();
            assertThat(exported.getTimings().getScale()).isEqualTo(0.0);

            Job imported = stub().import_(ImportRequest.newBuilder().setImportExportSlot(49).build());

            assertThat(imported.getType()).isEqualTo(JobType.IMPORT);
            assertThat(imported.getDetail()).isEqualTo("imported TL0010L5 to storage element 10");
            Library back = awaitLibrary(events, l -> tagIn(l.getStorageSlotsList(), 10).isPresent());
            assertThat(tagIn(back.getStorageSlotsList(), 10)).contains("TL0010L5");
        } finally {
            watching.cancel(null);
        }
    }

    private static Library awaitLibrary(List<Event> events, Predicate<Library> matching) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().filter(Event::hasLibrary)
                .map(Event::getLibrary).filter(matching).findFirst(), Optional::isPresent).orElseThrow();
    }

    @Test
    void moveAnswersTheJobAndRefusesDrivesWithInvalidArgument() {
        Job moved = stub().move(MoveRequest.newBuilder().setFrom(address(ElementType.STORAGE, 11))
                .setTo(address(ElementType.IMPORT_EXPORT, 50)).build());

        assertThat(moved.getType()).isEqualTo(JobType.MOVE);
        assertThat(moved.getVolumeTag()).isEqualTo("TL0011L5");
        assertThat(moved.getSlot()).isEqualTo(11);
        assertThat(moved.getDrive()).isEqualTo(-1);
        assertThat(tagIn(library().getImportExportSlotsList(), 50)).contains("TL0011L5");

        assertCode(() -> stub().move(MoveRequest.newBuilder().setFrom(address(ElementType.DATA_TRANSFER, 0))
                .setTo(address(ElementType.STORAGE, 11)).build()), Status.Code.INVALID_ARGUMENT, "from.type DATA_TRANSFER");
        assertCode(() -> stub().move(MoveRequest.newBuilder().setFrom(address(ElementType.STORAGE, 11)).build()),
                Status.Code.INVALID_ARGUMENT, "to is required");
        assertCode(() -> stub().move(MoveRequest.newBuilder().setFrom(address(ElementType.ELEMENT_TYPE_UNSPECIFIED, 3))
                .setTo(address(ElementType.STORAGE, 11)).build()), Status.Code.INVALID_ARGUMENT, "from.type");
        assertCode(() -> stub().move(MoveRequest.newBuilder().setFrom(address(ElementType.STORAGE, 11))
                .setTo(address(ElementType.IMPORT_EXPORT, 49)).build()), Status.Code.NOT_FOUND, "storage element 11 is empty");
        assertCode(() -> stub().move(MoveRequest.newBuilder().setFrom(address(ElementType.STORAGE, 70))
                .setTo(address(ElementType.IMPORT_EXPORT, 49)).build()), Status.Code.NOT_FOUND, "no storage element 70");
        assertCode(() -> stub().move(MoveRequest.newBuilder().setFrom(address(ElementType.STORAGE, 12))
                .setTo(address(ElementType.IMPORT_EXPORT, 51)).build()), Status.Code.FAILED_PRECONDITION, "holds NEW001L5");
    }

    @Test
    void exportAndImportRefusalsCarryTheirStatusCodes() {
        assertCode(() -> stub().export(ExportRequest.newBuilder().setVolumeTag("NOPE01L5").build()),
                Status.Code.NOT_FOUND, "NOPE01L5");
        assertCode(() -> stub().export(ExportRequest.newBuilder().setVolumeTag("B".repeat(200)).build()),
                Status.Code.INVALID_ARGUMENT, "at most 32");
        assertCode(() -> stub().export(ExportRequest.newBuilder().setVolumeTag("TL0001L5").setImportExportSlot(-1).build()),
                Status.Code.INVALID_ARGUMENT, "import/export slot");
        assertCode(() -> stub().export(ExportRequest.newBuilder().setVolumeTag("TL0001L5").setImportExportSlot(60).build()),
                Status.Code.NOT_FOUND, "no import/export element 60");
        assertCode(() -> stub().export(ExportRequest.newBuilder().setVolumeTag("TL0001L5").setImportExportSlot(51).build()),
                Status.Code.FAILED_PRECONDITION, "holds NEW001L5");
        assertCode(() -> stub().import_(ImportRequest.getDefaultInstance()), Status.Code.FAILED_PRECONDITION,
                "no free storage element");
        assertCode(() -> stub().import_(ImportRequest.newBuilder().setImportExportSlot(50).build()),
                Status.Code.NOT_FOUND, "import/export element 50 is empty");
        assertCode(() -> stub().import_(ImportRequest.newBuilder().setImportExportSlot(-2).build()),
                Status.Code.INVALID_ARGUMENT, "import/export slot");
    }

    private static void assertCode(Runnable call, Status.Code code, String descriptionPart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(descriptionPart);
        });
    }
}
