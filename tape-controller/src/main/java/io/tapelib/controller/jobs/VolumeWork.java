package io.tapelib.controller.jobs;

/**
 * Work on one loaded cartridge, run on its drive's executor.
 *
 * @param <T> the work's result
 */
@FunctionalInterface
public interface VolumeWork<T> {
    /**
     * @param volume the loaded cartridge
     * @param job    the job to report bytes to
     * @throws Exception anything the work fails with; the job is marked FAILED with its message
     */
    T run(LoadedVolume volume, JobHandle job) throws Exception;
}
