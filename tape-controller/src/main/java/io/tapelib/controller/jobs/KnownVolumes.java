package io.tapelib.controller.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.controller.library.AtomicFile;
import io.tapelib.controller.ltfs.LtfsVolumes;
import io.tapelib.controller.ltfs.VolumeKind;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the scheduler last learned of each volume, by volume tag; safe for any thread. Kept across restarts in
 * {@value #FILE_NAME} under the controller's work directory ({@code TAPE_MOUNT_DIR}), replaced atomically at every
 * change, so that a restarted controller chooses a migration target among blank cartridges without loading each one
 * to probe it again. An entry is advice, never the truth: a load probes the cartridge again and replaces it; an entry
 * is dropped when its cartridge left the library, and when the cartridge's VOLUME CHANGE REFERENCE (MAM attribute
 * 0009h, SPC-4: changed by the drive whenever the medium is written) at a load differs from the one recorded when it
 * was probed (someone else wrote it meanwhile).
 */
final class KnownVolumes {

    /** The file under the work directory. */
    static final String FILE_NAME = "known-volumes.json";
    private static final Logger LOG = Logger.getLogger(KnownVolumes.class);

    /**
     * A remembered volume.
     *
     * @param summary               what was learned
     * @param volumeChangeReference the cartridge's VOLUME CHANGE REFERENCE when it was learned with nothing written
     *                              since by this controller; null when unknown or when this controller wrote it since
     */
    record Known(VolumeSummary summary, Long volumeChangeReference) {
    }

    private final Map<String, Known> byTag = new ConcurrentHashMap<>();
    /** The last mount warning logged for each volume tag. */
    private final Map<String, String> warnings = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    /** Where the entries are kept; null keeps them in memory only. */
    private final Path file;

    /** Remembers nothing across restarts. */
    KnownVolumes() {
        this.file = null;
    }

    private KnownVolumes(Path file) {
        this.file = file;
    }

    /**
     * The volumes remembered in {@code workDir} (none when the file is missing; a file that cannot be read is logged
     * in one line and replaced at the next change).
     */
    static KnownVolumes load(Path workDir) {
        KnownVolumes known = new KnownVolumes(workDir.resolve(FILE_NAME));
        if (Files.exists(known.file)) {
            try {
                List<Known> entries = known.json.readValue(known.file.toFile(), new TypeReference<List<Known>>() { });
                entries.forEach(e -> known.byTag.put(e.summary().volumeTag(), e));
                LOG.infof("remembered %d volume(s) from %s", entries.size(), known.file);
            } catch (IOException e) {
                LOG.warnf("cannot read %s, every volume is probed again: %s", known.file, e.getMessage());
            }
        }
        return known;
    }

    /** Keeps {@code summary} as the latest word on its volume tag (this controller may have written it). */
    void remember(VolumeSummary summary) {
        byTag.put(summary.volumeTag(), new Known(summary, null));
        persist();
    }

    /**
     * Keeps {@code summary}, learned with the cartridge in a drive whose VOLUME CHANGE REFERENCE is
     * {@code volumeChangeReference} and nothing written since.
     */
    void remember(VolumeSummary summary, OptionalLong volumeChangeReference) {
        byTag.put(summary.volumeTag(), new Known(summary,
                volumeChangeReference.isPresent() ? volumeChangeReference.getAsLong() : null));
        persist();
    }

    /**
     * A cartridge was loaded and reports {@code volumeChangeReference}: its entry is dropped when it recorded another
     * one (the cartridge was written elsewhere since).
     *
     * @return whether an entry was dropped
     */
    boolean loaded(String volumeTag, OptionalLong volumeChangeReference) {
        Known entry = byTag.get(volumeTag);
        if (entry == null || entry.volumeChangeReference() == null || volumeChangeReference.isEmpty()
                || entry.volumeChangeReference() == volumeChangeReference.getAsLong()) {
            return false;
        }
        byTag.remove(volumeTag, entry);
        LOG.infof("%s was written elsewhere since it was probed (volume change reference %d, was %d): probing it again",
                volumeTag, volumeChangeReference.getAsLong(), entry.volumeChangeReference());
        persist();
        return true;
    }

    /** Forgets the volumes whose cartridges are not among {@code inLibrary} (they left the library). */
    void retainOnly(Collection<String> inLibrary) {
        List<String> gone = new ArrayList<>(byTag.keySet());
        gone.removeAll(inLibrary);
        if (!gone.isEmpty()) {
            gone.forEach(byTag::remove);
            LOG.infof("forgot %s: no longer in the library", gone);
            persist();
        }
    }

    /**
     * Whether {@code warning} is news for {@code volumeTag}: true unless it is the warning last logged for it (a
     * cartridge unloaded and mounted again in the same state, by a later job).
     */
    boolean firstWarning(String volumeTag, String warning) {
        return !warning.equals(warnings.put(volumeTag, warning));
    }

    /**
     * A cartridge was loaded and its drive reports its write-protect tab as {@code writeProtected}: when the volume
     * is known with the other state (the tab was slid while the cartridge was out of the drive), its summary now says
     * so, its volume change reference kept (setting a tab writes nothing on the medium).
     *
     * @return the summary with the new tab state; empty when the volume is unknown or the tab is as remembered
     */
    Optional<VolumeSummary> tab(String volumeTag, boolean writeProtected) {
        Known entry = byTag.get(volumeTag);
        if (entry == null || entry.summary().writeProtected() == writeProtected) {
            return Optional.empty();
        }
        VolumeSummary was = entry.summary();
        VolumeSummary now = new VolumeSummary(was.volumeTag(), was.kind(), was.volumeUuid(), was.generation(),
                was.blockSize(), was.capacityBytes(), was.remainingBytes(), was.detail(), writeProtected);
        byTag.put(volumeTag, new Known(now, entry.volumeChangeReference()));
        persist();
        return Optional.of(now);
    }

    /** The latest summary of {@code volumeTag}, if the volume was seen. */
    Optional<VolumeSummary> find(String volumeTag) {
        return Optional.ofNullable(byTag.get(volumeTag)).map(Known::summary);
    }

    /** The largest file an empty cartridge of the largest capacity seen so far takes, bytes; 0 when none was seen. */
    long largestFileBytes() {
        return byTag.values().stream().map(Known::summary).filter(v -> v.kind() == VolumeKind.LTFS)
                .mapToLong(v -> LtfsVolumes.largestFileBytes(v.capacityBytes(), (int) v.blockSize())).max().orElse(0);
    }

    /**
     * Replaces the file with the entries as they are now. Advice only: not forced to stable storage (a rename keeps
     * it whole), and a failure is logged, never thrown at the job that learned something.
     */
    private synchronized void persist() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFile.writeUnforced(file, json.writeValueAsBytes(List.copyOf(byTag.values())));
        } catch (IOException e) {
            LOG.warnf("cannot keep what was probed in %s: %s", file, e.getMessage());
        }
    }
}
