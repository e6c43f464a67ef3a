package io.tapelib.controller.jobs;

/** The caller of a reclaim, told of its progress; calls come from drive threads. */
public interface ReclaimListener {

    /**
     * After each file written or rejected; may block while the caller is slow (flow control).
     *
     * @throws java.util.concurrent.CancellationException the caller went away: the job ends
     */
    void progress(ReclaimProgress progress);

    /**
     * Asked between chunks and while a drive waits for the other: cheap, never blocks.
     *
     * @throws java.util.concurrent.CancellationException the caller went away or the controller shuts down
     */
    void checkActive();
}
