package io.tapelib.system;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * {@code @TempDir(factory = TmpfsTempDirs.class)}: a temporary directory in memory ({@code /dev/shm}, tmpfs) when the
 * machine has one, else where JUnit puts them. For trees of many small files that a test makes only to hand them to a
 * command: 100,000 empty files cost under a second of system time on tmpfs, and 25 s on this machine's shared disk
 * beside other writers (journal commits). Not for the pair's own directories, which must behave as a real disk.
 * JUnit deletes it like any other temporary directory.
 */
public final class TmpfsTempDirs implements TempDirFactory {
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws Exception {
        return Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)
                ? Files.createTempDirectory(SHARED_MEMORY, "junit-")
                : TempDirFactory.Standard.INSTANCE.createTempDirectory(element, extension);
    }
}
