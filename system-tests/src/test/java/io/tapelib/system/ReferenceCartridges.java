package io.tapelib.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Cartridge folders in the layout of the LTFS reference implementation's file backend (what {@code mkltfs -e file}
 * and {@code ltfs} leave: {@code <partition>_<block>_<R|F|E>} objects, {@code attr_<partition>_<id hex>} cartridge
 * memory, {@code filedebug_tc_conf.xml}), made by this service's own format code, since that implementation is not
 * installed here: the real controller jar's {@code insert --blank} and {@code import} write a tree onto a cartridge of
 * a scratch virtual library, and the cartridge's folder is taken without the library's own metadata file
 * ({@code cartridge.json}). Its volume tag stays in its cartridge memory (BARCODE, {@code attr_0_806}).
 */
final class ReferenceCartridges {
    private static final Path CONTROLLER_JAR = Path.of(System.getProperty("tapelib.controller.jar"));

    private ReferenceCartridges() {
    }

    /**
     * Writes {@code source} onto a new cartridge {@code volumeTag} and returns its folder, {@code work/<volumeTag>}.
     * The scratch library lives under {@code work/maker-<volumeTag>}.
     */
    static Path make(Path work, String volumeTag, Path source) throws IOException, InterruptedException {
        Path library = work.resolve("maker-" + volumeTag);
        Map<String, String> env = Map.of(
                "TAPE_CHANGER", "virtual:" + library,
                "TAPE_MOUNT_DIR", work.resolve("maker-spool").toString(),
                "TAPELIB_VIRTUAL_CARTRIDGES", "0",
                "TAPELIB_VIRTUAL_TIME_SCALE", "0");
        run(env, "insert", "--blank", volumeTag);
        run(env, "import", "--source", source.toString(), "--volume-tags", volumeTag);
        Path folder = Files.createDirectories(work.resolve(volumeTag));
        try (Stream<Path> files = Files.list(library.resolve("cartridges").resolve(volumeTag))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!file.getFileName().toString().equals("cartridge.json")) {
                    Files.copy(file, folder.resolve(file.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        assertThat(names(folder)).as("the reference layout").allMatch(n -> n.matches("[01]_[0-9]+_[RFE]")
                || n.matches("attr_[01]_[0-9a-f]+") || n.equals("filedebug_tc_conf.xml"))
                .contains("0_0_R", "1_0_R", "attr_0_806", "filedebug_tc_conf.xml");
        return folder;
    }

    /** The file names of a folder. */
    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", CONTROLLER_JAR.toString()));
        command.addAll(List.of(args));
        Commands.Result result = Commands.runWithEnvironment(env, command.toArray(String[]::new));
        assertThat(result.exitCode()).as("%s: %s%s", String.join(" ", args), result.stdout(), result.stderr()).isZero();
    }
}
