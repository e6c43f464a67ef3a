package io.tapelib.controller.jobs;

/**
 * Work on a loaded cartridge that uses what only the jobs package sees of it ({@link DriveVolume}), run on the drive's
 * own thread.
 *
 * @param <T> the work's result
 */
@FunctionalInterface
interface DriveVolumeWork<T> {
    T run(DriveVolume volume, JobHandle job) throws Exception;
}
