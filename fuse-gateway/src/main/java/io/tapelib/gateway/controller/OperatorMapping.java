package io.tapelib.gateway.controller;

import io.tapelib.proto.v1.Element;
import io.tapelib.proto.v1.Event;
import io.tapelib.proto.v1.Job;
import io.tapelib.proto.v1.Library;
import java.util.List;
import java.util.Optional;

/**
 * Translates the tapelib.v1 messages of the operator's calls (GetLibrary, Load, ..., ListJobs, and WatchEvents' job and
 * library events) into the JSON-ready views {@link ChangerView} and {@link ControllerJob}, the same fields the
 * controller's REST API answers (its {@code LibraryView}, {@code ElementView} and {@code JobView}).
 */
final class OperatorMapping {
    private OperatorMapping() {
    }

    static ChangerView changer(Library library) {
        return new ChangerView(elements("DATA_TRANSFER", library.getDrivesList()),
                elements("STORAGE", library.getStorageSlotsList()),
                elements("IMPORT_EXPORT", library.getImportExportSlotsList()),
                ProtoMapping.library(library).timings());
    }

    private static List<ChangerElementView> elements(String type, List<Element> elements) {
        boolean drives = type.equals("DATA_TRANSFER");
        return elements.stream().map(e -> new ChangerElementView(type, e.getNumber(), e.getFull(),
                e.getVolumeTag().isEmpty() ? null : e.getVolumeTag(), e.getSourceSlot() == 0 ? null : e.getSourceSlot(),
                e.getCleaning(), drives ? e.getNeedsCleaning() : null, e.getCleaning() ? e.getCleaningUses() : null,
                e.getCleaning() ? e.getCleaningExpired() : null)).toList();
    }

    static ControllerJob job(Job job) {
        return new ControllerJob(job.getId(), job.getType().name(), job.getState().name(),
                job.getVolumeTag().isEmpty() ? null : job.getVolumeTag(), job.getDrive(),
                job.hasSubmitted() ? ProtoMapping.instant(job.getSubmitted()) : null,
                job.hasStarted() ? ProtoMapping.instant(job.getStarted()) : null,
                job.hasFinished() ? ProtoMapping.instant(job.getFinished()) : null, job.getBytes(),
                job.getError().isEmpty() ? null : job.getError(), job.getTotalBytes(), job.getFiles(),
                job.getTotalFiles(), job.getDetail().isEmpty() ? null : job.getDetail(),
                job.getSlot() == 0 ? null : job.getSlot());
    }

    /** The operator's view of an event: a job or the library; empty for the others (a mounted volume). */
    static Optional<ControllerEvent> event(Event event) {
        if (event.hasJob()) {
            return Optional.of(new ControllerEvent.JobChanged(job(event.getJob())));
        }
        if (event.hasLibrary()) {
            return Optional.of(new ControllerEvent.LibraryChanged(changer(event.getLibrary())));
        }
        return Optional.empty();
    }

    static io.tapelib.proto.v1.ElementAddress address(ElementAddress address) {
        return io.tapelib.proto.v1.ElementAddress.newBuilder()
                .setType(switch (address.type()) {
                    case STORAGE -> io.tapelib.proto.v1.ElementType.STORAGE;
                    case IMPORT_EXPORT -> io.tapelib.proto.v1.ElementType.IMPORT_EXPORT;
                })
                .setNumber(address.number()).build();
    }
}
