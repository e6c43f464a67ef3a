package io.tapelib.gateway.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child process for the stale-mount test: mounts an in-memory namespace at {@code args[0]}, prints
 * {@link #READY} and holds the mount until it is killed (or its standard input ends).
 */
public final class MountHolderMain {

    static final String READY = "MOUNTED";

    private MountHolderMain() {
    }

    public static void main(String[] args) throws IOException {
        MountManager manager = new MountManager(new InMemoryNamespace(), Path.of(args[0]), Duration.ofSeconds(10));
        manager.mount();
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the mount until killed
        }
        manager.unmount();
    }
}
