package io.tapelib.controller.library;

import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.config.VirtualLibrary;
import io.tapelib.controller.drive.TapeDrive;
import io.tapelib.controller.library.MailSlotException.Reason;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.LtfsFormatOptions;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.LtfsVolumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An operator's insert and eject at the mail slots of a virtual library that a controller has open. */
class MailSlotsTest {

    private static final long CAPACITY = 64L * 1024 * 1024;
    private static final VirtualLibraryConfig EMPTY = VirtualLibraryConfig.msl4048().withInitialCartridges(0)
            .withCleaningCartridges(0).withCartridgeCapacityBytes(CAPACITY);

    @TempDir
    Path work;

    @Test
    void aBlankCartridgeInsertedWhileTheLibraryRunsIsSeenAtTheNextInventoryAndEjectedInTheReferenceLayout()
            throws Exception {
        Path dir = work.resolve("library");
        try (VirtualLibrary library = VirtualLibrary.open(dir, EMPTY)) {
            assertThat(library.changer().inventory().importExport()).noneMatch(Element::full);
            MailSlots slots = new MailSlots(dir, CAPACITY);

            MailSlots.Inserted inserted = slots.insertBlank("NEW001L5");

            assertThat(inserted.slot()).isEqualTo(49);
            Inventory inventory = library.changer().inventory();
            assertThat(inventory.importExport().get(0).volumeTag()).contains("NEW001L5");
            // the robot takes it from the mail slot; the operator's write and the robot's are both kept
            library.changer().transfer(49, 7);
            slots.insertBlank("NEW002L5");
            assertThat(library.changer().inventory().find("NEW002L5").map(Element::number)).contains(49);
            assertThat(library.changer().inventory().find("NEW001L5").map(Element::number)).contains(7);

            Path out = slots.eject("NEW002L5", work.resolve("out").resolve("NEW002L5"));

            assertThat(library.changer().inventory().find("NEW002L5")).isEmpty();
            assertThat(names(out)).contains("0_0_E", "attr_0_806", "filedebug_tc_conf.xml")
                    .doesNotContain(CartridgeLayout.METADATA_FILE);
            assertThat(ReferenceCartridge.barcode(out)).contains("NEW002L5");
            assertThat(Files.exists(dir.resolve("cartridges").resolve("NEW002L5"))).isFalse();
        }
        try (VirtualLibrary reopened = VirtualLibrary.open(dir, EMPTY)) {
            assertThat(reopened.changer().inventory().find("NEW001L5").map(Element::number)).contains(7);
            assertThat(reopened.changer().inventory().importExport()).noneMatch(Element::full);
        }
    }

    @Test
    void aCartridgeOfTheReferenceLayoutIsInsertedWithItsBarcodeAndMountsWithItsFiles() throws Exception {
        Path folder = referenceCartridge("REF001L5", "hello.txt", "hello from another LTFS\n");
        assertThat(names(folder)).doesNotContain(CartridgeLayout.METADATA_FILE);
        Path dir = work.resolve("library");
        try (VirtualLibrary library = VirtualLibrary.open(dir, EMPTY)) {
            MailSlots.Inserted inserted = new MailSlots(dir, CAPACITY).insertCartridge(folder, Optional.empty(), false);

            assertThat(inserted).isEqualTo(new MailSlots.Inserted("REF001L5", 49));
            assertThat(folder).as("copied, not moved").isDirectory();
            library.changer().load(49, 0);
            TapeDrive drive = library.drives().get(0);
            drive.load();
            LtfsVolume volume = LtfsVolumes.mount(drive, "REF001L5");
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            volume.readFile(volume.entry("hello.txt").orElseThrow(), (offset, bytes, off, len) -> read.write(bytes, off, len));
            assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("hello from another LTFS\n");
            volume.unmount();
            drive.unload();
        }
    }

    @Test
    void movedFolderLeavesItsPlaceAndAnOptionNamesATagTheMemoryLacks() throws Exception {
        Path folder = referenceCartridge("REF002L5", "a.txt", "a\n");
        Files.delete(folder.resolve("attr_0_806"));
        Path dir = work.resolve("library");
        VirtualLibrary.open(dir, EMPTY).close();
        MailSlots slots = new MailSlots(dir, CAPACITY);

        assertThatThrownBy(() -> slots.insertCartridge(folder, Optional.empty(), true))
                .isInstanceOfSatisfying(MailSlotException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_CARTRIDGE))
                .hasMessageContaining("--volume-tag");
        assertThat(folder).isDirectory();

        assertThat(slots.insertCartridge(folder, Optional.of("LABEL1L5"), true).volumeTag()).isEqualTo("LABEL1L5");
        assertThat(folder).doesNotExist();
        assertThat(dir.resolve("cartridges").resolve("LABEL1L5").resolve(CartridgeLayout.METADATA_FILE)).isRegularFile();
    }

    @Test
    void refusalsNameTheirReasonAndChangeNothing() throws Exception {
        Path dir = work.resolve("library");
        MailSlots none = new MailSlots(dir, CAPACITY);
        assertThatThrownBy(() -> none.insertBlank("TL0001L5")).isInstanceOfSatisfying(MailSlotException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NO_LIBRARY));
        VirtualLibrary.open(dir, VirtualLibraryConfig.msl4048().withCartridgeCapacityBytes(CAPACITY)).close();
        MailSlots slots = new MailSlots(dir, CAPACITY);

        assertThat(reason(() -> slots.insertCartridge(Files.createDirectories(work.resolve("empty")), Optional.of("X1"),
                false))).isEqualTo(Reason.NOT_A_CARTRIDGE);
        assertThat(reason(() -> slots.insertBlank("bad tag"))).isEqualTo(Reason.NOT_A_CARTRIDGE);
        assertThat(reason(() -> slots.insertBlank("TL0001L5"))).isEqualTo(Reason.ALREADY_IN_LIBRARY);
        slots.insertBlank("NEW001L5");
        slots.insertBlank("NEW002L5");
        slots.insertBlank("NEW003L5");
        assertThat(reason(() -> slots.insertBlank("NEW004L5"))).isEqualTo(Reason.NO_FREE_MAIL_SLOT);
        assertThat(reason(() -> slots.eject("TL0001L5", work.resolve("out")))).isEqualTo(Reason.NOT_IN_MAIL_SLOT);
        assertThat(reason(() -> slots.eject("NOPE01L5", work.resolve("out")))).isEqualTo(Reason.NOT_IN_MAIL_SLOT);
        Files.writeString(Files.createDirectories(work.resolve("full")).resolve("x"), "x");
        assertThat(reason(() -> slots.eject("NEW001L5", work.resolve("full")))).isEqualTo(Reason.DESTINATION_EXISTS);
        assertThat(Files.exists(dir.resolve("cartridges").resolve("NEW001L5"))).isTrue();
    }

    @FunctionalInterface
    private interface Action {
        Object run() throws Exception;
    }

    private static Reason reason(Action action) {
        try {
            action.run();
        } catch (MailSlotException e) {
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not refused");
    }

    /**
     * A cartridge folder in the reference file backend's layout, made by our own format code: a temporary library's
     * cartridge, formatted and written, without our metadata file.
     */
    private Path referenceCartridge(String tag, String name, String content) throws IOException {
        Path dir = work.resolve("maker-" + tag);
        try (VirtualLibrary maker = VirtualLibrary.open(dir, EMPTY)) {
            new MailSlots(dir, CAPACITY).insertBlank(tag);
            maker.changer().load(49, 0);
            TapeDrive drive = maker.drives().get(0);
            drive.load();
            LtfsVolume volume = LtfsVolumes.format(drive, tag, LtfsFormatOptions.defaults());
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            Instant now = Instant.now();
            volume.writeFile(new FileMetadata(name, EntryKind.FILE, 0644, 0, 0, now, now, now, now, null),
                    new ByteArrayInputStream(bytes), bytes.length);
            volume.unmount();
            drive.unload();
        }
        Path folder = Files.createDirectories(work.resolve("folders")).resolve(tag);
        Files.move(dir.resolve("cartridges").resolve(tag), folder);
        Files.delete(folder.resolve(CartridgeLayout.METADATA_FILE));
        return folder;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
