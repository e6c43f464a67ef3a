package io.tapelib.cli.follow;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapelib.cli.format.ProgressBar;

/**
 * A job as the CLI follows it: a gateway job (GatewayJob of docs/operator-api.md) or a controller job (JobView).
 *
 * @param key        "gateway:ID" or "controller:ID", unique over both processes
 * @param type       RECLAIM, RECALL, MIGRATE, LOAD ...
 * @param state      QUEUED, RUNNING, SUCCEEDED, FAILED (the controller also has CANCELLED)
 * @param volumeTag  the cartridge, null when none
 * @param subject    the gateway job's subject, else the controller job's detail; may be null
 * @param bytes      bytes done
 * @param totalBytes bytes of the whole job, 0 when unknown
 * @param files      files done
 * @param totalFiles files of the whole job, 0 when unknown
 * @param error      why it failed, null otherwise
 */
public record JobProgress(String key, String type, String state, String volumeTag, String subject, long bytes,
                          long totalBytes, long files, long totalFiles, String error) {

    /** From a GatewayJob's JSON. */
    public static JobProgress ofGateway(JsonNode job) {
        return of("gateway:", job, "subject");
    }

    /** From a controller JobView's JSON. */
    public static JobProgress ofController(JsonNode job) {
        return of("controller:", job, "detail");
    }

    private static JobProgress of(String prefix, JsonNode job, String subjectField) {
        return new JobProgress(prefix + job.path("id").asText(), text(job, "type"), text(job, "state"),
                text(job, "volumeTag"), text(job, subjectField), job.path("bytes").asLong(),
                job.path("totalBytes").asLong(), job.path("files").asLong(), job.path("totalFiles").asLong(),
                text(job, "error"));
    }

    private static String text(JsonNode job, String field) {
        JsonNode value = job.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Whether it has ended (anything but QUEUED and RUNNING). */
    public boolean ended() {
        return !"QUEUED".equals(state) && !"RUNNING".equals(state);
    }

    /** Its line: a progress bar while it runs, its end state once ended. */
    public String line() {
        String label = type + (volumeTag == null ? "" : " " + volumeTag)
                + (subject == null || subject.isBlank() ? "" : " " + subject);
        if (ended()) {
            return state + " " + label + (error == null ? "" : ": " + error);
        }
        if ("QUEUED".equals(state)) {
            return "QUEUED " + label;
        }
        return ProgressBar.line(bytes, totalBytes, files, totalFiles, label);
    }
}
