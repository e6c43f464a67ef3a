package io.tapelib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.cli.CannedServer.Answer;
import io.tapelib.cli.follow.JobProgress;
import io.tapelib.cli.follow.LineProgressView;
import io.tapelib.cli.follow.TerminalProgressView;
import io.tapelib.cli.format.Bytes;
import io.tapelib.cli.format.ProgressBar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Progress bars and the two ways of following jobs: the gateway's event stream, and polling without one. */
class FollowTest {
    @RegisterExtension
    final CannedServers servers = new CannedServers();

    @Test
    void aBarShowsThePercentageAndTheBytesOfTheWhole() {
        assertThat(ProgressBar.line(1_200_000_000L, 2_300_000_000L, 0, 0, "RECLAIM TAPE03L5"))
                .isEqualTo("[##########..........]  52% 1.2 GB of 2.3 GB RECLAIM TAPE03L5");
        assertThat(ProgressBar.line(0, 0, 3, 10, "RECALL TL0001L5"))
                .isEqualTo("[######..............]  30% 3 of 10 files RECALL TL0001L5");
        assertThat(ProgressBar.line(52_000_000, 0, 0, 0, "MIGRATE TL0001L5"))
                .isEqualTo("[....................]    ? 52 MB MIGRATE TL0001L5");
        assertThat(ProgressBar.line(5, 2, 0, 0, "X")).as("never past 100%").startsWith("[####################] 100%");
    }

    @Test
    void bytesAreDecimalWithThreeDigits() {
        assertThat(Bytes.human(0)).isEqualTo("0 B");
        assertThat(Bytes.human(999)).isEqualTo("999 B");
        assertThat(Bytes.human(1_500_000_000_000L)).isEqualTo("1.5 TB");
        assertThat(Bytes.human(52_400_000)).isEqualTo("52 MB");
        assertThat(Bytes.human(999_999)).isEqualTo("1.0 MB");
    }

    @Test
    void aTerminalRedrawsTheRunningBarsInPlaceAndKeepsTheEndedJobsLine() {
        StringWriter screen = new StringWriter();
        TerminalProgressView view = new TerminalProgressView(new PrintWriter(screen));
        view.update(job("RUNNING", 100));
        view.update(job("RUNNING", 150));
        view.update(job("SUCCEEDED", 200));

        assertThat(screen.toString()).isEqualTo("\r\033[K[##########..........]  50% 100 B of 200 B RECLAIM T1\n"
                + "\033[1A\r\033[K[###############.....]  75% 150 B of 200 B RECLAIM T1\n"
                + "\033[1A\r\033[KSUCCEEDED RECLAIM T1\n");
    }

    @Test
    void aPipeGetsOneLinePerChange() {
        StringWriter lines = new StringWriter();
        LineProgressView view = new LineProgressView(new PrintWriter(lines));
        view.update(job("RUNNING", 100));
        view.update(job("RUNNING", 100));
        view.update(job("SUCCEEDED", 200));

        assertThat(lines.toString()).isEqualTo("[##########..........]  50% 100 B of 200 B RECLAIM T1\n"
                + "SUCCEEDED RECLAIM T1\n");
    }

    private static JobProgress job(String state, long bytes) {
        return new JobProgress("gateway:1", "RECLAIM", state, "T1", null, bytes, 200, 0, 0, null);
    }

    @Test
    void recallFollowFollowsTheEventStreamUntilItsJobsEnd() {
        servers.gateway().on("POST /api/v1/recall", Answer.json("{\"queued\": 2, \"joined\": 0, \"cached\": 0,"
                + " \"rejected\": [], \"jobs\": [7]}"));
        servers.gateway().on("GET /api/v1/jobs", Answer.json("{\"jobs\": [{\"id\": 7, \"type\": \"RECALL\", \"state\":"
                + " \"QUEUED\", \"volumeTag\": \"TL0001L5\", \"totalBytes\": 2000}]}"));
        servers.controller().on("GET /api/v1/jobs", Answer.json("[]"));
        servers.gateway().on("GET /api/v1/events", new Answer(200, "text/event-stream", """
                : keep-alive

                event: library
                data: {"drives": []}

                event: gateway-job
                data: {"id": 7, "type": "RECALL", "state": "RUNNING", "volumeTag": "TL0001L5",
                data:  "bytes": 1000, "totalBytes": 2000}

                event: gateway-job
                data: {"id": 8, "type": "WRITE_BACK", "state": "RUNNING", "bytes": 5}

                event: gateway-job
                data: {"id": 7, "type": "RECALL", "state": "SUCCEEDED", "volumeTag": "TL0001L5",
                data:  "bytes": 2000, "totalBytes": 2000}

                """));

        CliRun recall = servers.run("recall", "/a", "/b", "--follow");

        assertThat(recall.exitCode()).as(recall.err()).isZero();
        assertThat(recall.out()).isEqualTo("""
                2 queued, 0 already being recalled, 0 cached, 0 rejected
                QUEUED RECALL TL0001L5
                [##########..........]  50% 1.0 kB of 2.0 kB RECALL TL0001L5
                SUCCEEDED RECALL TL0001L5
                """).doesNotContain("WRITE_BACK");
    }

    @Test
    void withoutAnEventStreamTheJobsArePolled() {
        AtomicInteger polls = new AtomicInteger();
        servers.gateway().on("POST /api/v1/recall", Answer.json("{\"queued\": 1, \"rejected\": [], \"jobs\": [3]}"));
        servers.gateway().on("GET /api/v1/jobs", r -> Answer.json(polls.incrementAndGet() < 2
                ? "{\"jobs\": [{\"id\": 3, \"type\": \"RECALL\", \"state\": \"RUNNING\", \"totalFiles\": 4,"
                        + " \"files\": 1}]}"
                : "{\"jobs\": [{\"id\": 3, \"type\": \"RECALL\", \"state\": \"FAILED\", \"error\": \"medium error\"}]}"));
        servers.controller().on("GET /api/v1/jobs", Answer.json("[]"));

        CliRun recall = servers.run("recall", "/a", "--follow");

        assertThat(recall.out()).contains("[#####...............]  25% 1 of 4 files RECALL",
                "FAILED RECALL: medium error");
    }

    @Test
    void recallFollowWithoutJobIdsWaitsUntilTheGatewayHasNoRecallLeft() {
        AtomicInteger statuses = new AtomicInteger();
        servers.gateway().on("POST /api/v1/recall",
                Answer.json("{\"queued\": 1, \"joined\": 0, \"cached\": 0, \"rejected\": []}"));
        servers.gateway().on("GET /api/v1/status", r -> Answer.json(statuses.incrementAndGet() < 2
                ? "{\"recalls\": {\"queued\": 0, \"running\": [{\"volume\": \"TL0001L5\", \"files\": 1}]}}"
                : "{\"recalls\": {\"queued\": 0, \"running\": []}}"));
        servers.gateway().on("GET /api/v1/jobs", r -> Answer.json(statuses.get() < 2
                ? "{\"jobs\": [{\"id\": 4, \"type\": \"RECALL\", \"state\": \"RUNNING\", \"volumeTag\": \"TL0001L5\","
                        + " \"totalFiles\": 2, \"files\": 1}]}"
                : "{\"jobs\": [{\"id\": 4, \"type\": \"RECALL\", \"state\": \"SUCCEEDED\", \"volumeTag\": \"TL0001L5\"}]}"));
        servers.controller().on("GET /api/v1/jobs", Answer.json("[]"));

        CliRun recall = servers.run("recall", "/a", "--follow");

        assertThat(recall.exitCode()).as(recall.err()).isZero();
        assertThat(recall.out()).contains("[##########..........]  50% 1 of 2 files RECALL TL0001L5",
                "SUCCEEDED RECALL TL0001L5");
        assertThat(statuses.get()).as("the gateway's recalls were asked for until none was left").isGreaterThanOrEqualTo(2);
    }
}
