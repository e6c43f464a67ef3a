package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.SourceEmptyException;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One IMPORT job: the cartridges in the import/export elements go, in element order, to the lowest-numbered free
 * storage elements ({@link ElementChoice#freeStorage}). The job's detail names each cartridge moved and where, and
 * each that stayed for lack of room; its volume tag is set when exactly one cartridge moved.
 */
final class MailSlotImport {

    private static final Logger LOG = Logger.getLogger(DriveScheduler.class);

    private final Robot robot;
    private final JobHandle job;

    MailSlotImport(Robot robot, JobHandle job) {
        this.robot = robot;
        this.job = job;
    }

    /**
     * @param importExportSlot 0 for every full import/export element, else only this one
     * @throws DestinationFullException not one cartridge could move: no free storage element
     * @throws SourceEmptyException     the named import/export element is empty
     */
    void run(int importExportSlot) {
        Inventory inventory = robot.inventory();
        List<Element> sources;
        if (importExportSlot > 0) {
            Element named = ElementChoice.find(inventory, new ElementRef(ElementType.IMPORT_EXPORT, importExportSlot));
            if (!named.full()) {
                throw new SourceEmptyException("changer", "import/export element " + importExportSlot
                        + " is empty; nothing to import");
            }
            sources = List.of(named);
        } else {
            sources = inventory.importExport().stream().filter(Element::full).toList();
        }
        if (sources.isEmpty()) {
            job.progress(new JobProgress(0, 0, 0, "no cartridge in the import/export elements", 0));
            return;
        }
        Deque<Integer> free = new ArrayDeque<>(ElementChoice.freeStorage(inventory));
        List<String> moved = new ArrayList<>();
        List<String> stayed = new ArrayList<>();
        for (Element source : sources) {
            String tag = ElementChoice.label(source);
            if (free.isEmpty()) {
                stayed.add(tag + " in import/export element " + source.number());
                continue;
            }
            int target = free.removeFirst();
            robot.transfer(source.number(), target);
            moved.add(tag + " to storage element " + target);
            LOG.infof("imported %s from import/export element %d to storage element %d (job %d)", tag,
                    source.number(), target, job.id());
            report(sources, moved, stayed);
        }
        if (moved.size() == 1 && sources.size() == 1) {
            sources.get(0).volumeTag().ifPresent(job::volumeTag);
        }
        report(sources, moved, stayed);
        if (moved.isEmpty()) {
            throw new DestinationFullException("changer", "no free storage element: " + String.join(", ", stayed)
                    + " stayed; export or remove a cartridge first");
        }
    }

    private void report(List<Element> sources, List<String> moved, List<String> stayed) {
        String detail = (moved.isEmpty() ? "imported nothing" : "imported " + String.join(", ", moved))
                + (stayed.isEmpty() ? "" : "; no free storage element for " + String.join(", ", stayed));
        job.progress(new JobProgress(0, moved.size(), sources.size(), detail, sources.get(0).number()));
    }
}
