package io.tapelib.gateway.fs;

/** One libfuse's way of serving the mount, as {@link MountManager} drives it. */
interface FuseBinding {

    /**
     * Mounts and serves requests until the kernel ends the session (after the mount is detached and its last open
     * file closed).
     *
     * @throws RuntimeException when libfuse refuses the mount (its reason is on standard error)
     */
    void serve();

    /** Leaves unmounting to the caller: the binding must start no unmount of its own, now or at JVM exit. */
    void handOverUnmount();
}
