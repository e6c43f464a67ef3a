package io.tapelib.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.tapelib.gateway.catalog.AuditRecord;
import io.tapelib.gateway.controller.ControllerUnavailableException;
import io.tapelib.gateway.controller.FileTimes;
import io.tapelib.gateway.controller.LibraryElement;
import io.tapelib.gateway.controller.LibraryInventory;
import io.tapelib.gateway.controller.MigrationReport;
import io.tapelib.gateway.controller.MigrationSource;
import io.tapelib.gateway.controller.RecallBatch;
import io.tapelib.gateway.controller.RecallEvent;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.controller.VolumeFormat;
import io.tapelib.gateway.controller.VolumeSummary;
import io.tapelib.gateway.posix.FileKind;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What the audited controller port records of migrations, recalls and cartridges leaving and entering the library. */
class AuditedControllerTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final FileTimes TIMES = new FileTimes(NOW, NOW, NOW, NOW);

    private final List<AuditRecord> records = new CopyOnWriteArrayList<>();
    private LibraryInventory inventory;

    private AuditedController audited(TapeController inner) {
        return new AuditedController(inner, records::add, id -> "/file-" + id, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A controller whose calls do what {@code behaviour} says; library() answers {@link #inventory}. */
    private TapeController controller(java.util.function.Function<Object[], Object> migrate,
                                      Consumer<Object[]> recall) {
        return (TapeController) Proxy.newProxyInstance(TapeController.class.getClassLoader(),
                new Class<?>[] {TapeController.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "migrate" -> migrate.apply(args);
                    case "recall" -> {
                        recall.accept(args);
                        yield null;
                    }
                    case "library" -> inventory;
                    default -> null;
                });
    }

    private static MigrationSource source(long id, String path, FileKind kind) {
        return new MigrationSource(id, path, kind, 0, 0644, 0, 0, TIMES, null, null);
    }

    @Test
    void eachFileAMigrationWroteOrTheControllerRefusedIsRecordedButNotItsDirectories() {
        TapeController inner = controller(args -> new MigrationReport(
                Optional.of(new VolumeSummary("TL0001L5", VolumeFormat.LTFS, "u", 3, 524288, 1, 1)),
                List.of(new MigrationReport.Migrated(1, "dir", List.of(), ""),
                        new MigrationReport.Migrated(2, "dir/a", List.of(), "")),
                List.of(new MigrationReport.Rejected(3, "dir/huge", MigrationReport.RejectReason.TOO_LARGE,
                        "larger than any cartridge")), false), args -> { });
        audited(inner).migrate("", List.of(source(1, "dir", FileKind.DIRECTORY), source(2, "dir/a", FileKind.FILE),
                source(3, "dir/huge", FileKind.FILE)), List.of());
        assertThat(records).extracting(AuditRecord::action, AuditRecord::path, AuditRecord::outcome,
                        AuditRecord::detail, AuditRecord::caller)
                .containsExactly(tuple("migrate", "/dir/a", "ok", "to TL0001L5", "gateway"),
                        tuple("migrate", "/dir/huge", "EFBIG", "TOO_LARGE: larger than any cartridge", "gateway"));
    }

    @Test
    void aMigrationThatFailsIsRecordedForEachFileAndItsErrorPassesOn() {
        TapeController inner = controller(args -> {
            throw new ControllerUnavailableException("UNAVAILABLE", "the controller is away", null);
        }, args -> { });
        assertThatThrownBy(() -> audited(inner).migrate("", List.of(source(2, "a", FileKind.FILE)), List.of()))
                .isInstanceOf(ControllerUnavailableException.class);
        assertThat(records).extracting(AuditRecord::path, AuditRecord::outcome).containsExactly(tuple("/a", "EIO"));
    }

    @Test
    void recallsAreRecordedPerFileDeliveredAndThoseNotDeliveredWhenTheCallFails() {
        TapeController inner = controller(args -> null, args -> {
            @SuppressWarnings("unchecked")
            Consumer<RecallEvent> events = (Consumer<RecallEvent>) args[1];
            events.accept(new RecallEvent.FileDone(7));
            throw new ControllerUnavailableException("UNAVAILABLE", "drive error", null);
        });
        List<RecallEvent> passedOn = new CopyOnWriteArrayList<>();
        RecallBatch batch = new RecallBatch("TL0002L5", List.of(new RecallBatch.File(7, 1, List.of()),
                new RecallBatch.File(8, 1, List.of())));
        assertThatThrownBy(() -> audited(inner).recall(batch, passedOn::add))
                .isInstanceOf(ControllerUnavailableException.class);
        assertThat(passedOn).containsExactly(new RecallEvent.FileDone(7));
        assertThat(records).extracting(AuditRecord::action, AuditRecord::path, AuditRecord::outcome)
                .containsExactly(tuple("recall", "/file-7", "ok"), tuple("recall", "/file-8", "EIO"));
    }

    @Test
    void cartridgesLeavingAndEnteringTheLibraryAreExportsAndImports() {
        AuditedController controller = audited(controller(args -> null, args -> { }));
        inventory = library(List.of(slot(1, "TL0001L5"), slot(2, "TL0002L5")), List.of(slot(10, "TL0003L5")));
        controller.library();
        assertThat(records).as("the first inventory only says where cartridges are").isEmpty();
        inventory = library(List.of(slot(1, "TL0001L5"), slot(3, "TL0003L5")), List.of(slot(10, "TL0002L5")));
        controller.library();
        assertThat(records).extracting(AuditRecord::action, AuditRecord::detail).containsExactly(
                tuple("export", "cartridge TL0002L5 moved to a mail slot"),
                tuple("import", "cartridge TL0003L5 moved in from a mail slot"));
    }

    private static LibraryElement slot(int number, String tag) {
        return new LibraryElement(number, true, tag, 0, false);
    }

    private static LibraryInventory library(List<LibraryElement> storage, List<LibraryElement> mailSlots) {
        return new LibraryInventory(List.of(new LibraryElement(0, false, "", 0, false)), storage, mailSlots, null);
    }
}
