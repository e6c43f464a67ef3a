package io.tapelib.gateway.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A child process that mounts an in-memory namespace at {@code args[0]}, prints {@link #READY} and holds the mount
 * until it is killed or its standard input ends (then unmounts). {@code args[1]}, optional: the libfuse, 2 (the
 * default) or 3, as FUSE_API. Used by the stale-mount test, and by the fuse benchmark's {@code floor} target: what the
 * mount's FUSE binding costs when the tree behind it costs next to nothing.
 */
public final class MountHolderMain {

    static final String READY = "MOUNTED";

    private MountHolderMain() {
    }

    public static void main(String[] args) throws IOException {
        FuseApi api = args.length > 1 ? FuseApi.of(Integer.parseInt(args[1])) : FuseApi.LIBFUSE2;
        MountManager manager = new MountManager(new InMemoryNamespace(), id -> List.of(), Path.of(args[0]),
                Duration.ofSeconds(10), api);
        manager.mount();
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the mount until killed
        }
        manager.unmount();
    }
}
