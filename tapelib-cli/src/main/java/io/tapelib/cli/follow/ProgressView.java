package io.tapelib.cli.follow;

/** Where followed jobs' lines go. */
public interface ProgressView {

    /** A job changed (or was first seen). */
    void update(JobProgress job);

    /** Ends the view (a terminal's cursor is left below the last line). */
    void close();
}
