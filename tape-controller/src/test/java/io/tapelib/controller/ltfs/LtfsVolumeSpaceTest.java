package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.device.EndOfMediumException;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.library.VirtualLibraryConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An LTFS volume's space on the virtual tape library: a file that does not fit is refused before any write, and past
 * early warning the volume takes no more files while its final index still fits.
 */
class LtfsVolumeSpaceTest extends LtfsVolumeHarness {

    @Test
    void fileThatDoesNotFitIsRefusedBeforeWritingAndTheVolumeStaysMountable() throws IOException {
        TapeDrive drive = loadedDrive(16L << 20, 1);
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        Path big = JDK.resolve("jmods/jdk.charsets.jmod");
        write(volume, big, "kept.jmod");
        volume.writeIndex();
        long remainingOnTape = drive.capacity(1).remainingBytes();
        long tooMuch = volume.remainingBytes() + 1;

        assertThatThrownBy(() -> volume.writeFile(metadataOf(big, "too-big", EntryKind.FILE),
                InputStream.nullInputStream(), tooMuch))
                .isInstanceOf(EndOfMediumException.class)
                .hasMessageContaining("too-big");

        assertThat(drive.capacity(1).remainingBytes()).isEqualTo(remainingOnTape);
        assertThat(volume.entry("too-big")).isEmpty();
        volume.unmount();
        LtfsVolume mounted = LtfsVolumes.mount(reload(drive, 1), TAG);
        assertThat(sha256(readBack(mounted, mounted.entry("kept.jmod").orElseThrow())))
                .isEqualTo(sha256(Files.readAllBytes(big)));
    }

    @Test
    void pastEarlyWarningTheVolumeTakesNoMoreFilesAndItsFinalIndexStillFits() throws IOException {
        library = VirtualLibrary.open(dir.resolve("library"), VirtualLibraryConfig.msl4048()
                .withCartridgeCapacityBytes(64L << 20).withEarlyWarningBytes(16L << 20).withTimeScale(0));
        library.changer().load(1, 0);
        TapeDrive drive = library.drives().get(0);
        drive.load();
        LtfsVolume volume = LtfsVolumes.format(drive, TAG, SMALL);
        byte[] megabytes = new byte[4 << 20];
        List<String> written = new java.util.ArrayList<>();
        EndOfMediumException full = null;
        for (int i = 0; i < 20 && full == null; i++) {
            try {
                volume.writeFile(new FileMetadata("f" + i, EntryKind.FILE, 0644, 0, 0, Instant.EPOCH, Instant.EPOCH,
                        Instant.EPOCH, Instant.EPOCH, null), new ByteArrayInputStream(megabytes), megabytes.length);
                written.add("f" + i);
            } catch (EndOfMediumException e) {
                full = e;
            }
        }

        // 60 MiB data partition, early warning 16 MiB before its end: the file that crosses it is finished
        // (its rest and the index fit), the next one is refused before anything is written
        assertThat(full).isNotNull().hasMessageContaining("does not fit");
        assertThat(volume.pastEarlyWarning()).isTrue();
        assertThat(volume.remainingBytes()).isZero();
        assertThat(written).hasSize(11);
        volume.unmount();
        LtfsVolume mounted = LtfsVolumes.mount(reload(drive, 1), TAG);
        assertThat(mounted.consistency().consistent()).isTrue();
        assertThat(mounted.entries()).extracting(IndexEntry::path).containsExactlyInAnyOrderElementsOf(written);
        assertThat(readBack(mounted, mounted.entry("f10").orElseThrow())).isEqualTo(megabytes);
    }
}
