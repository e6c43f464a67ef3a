package io.tapelib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.cli.CannedServer.Answer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The commands' requests, tables, JSON and exit codes against a local server with canned answers. */
class TapelibCliTest {
    @RegisterExtension
    final CannedServers servers = new CannedServers();

    @Test
    void statusPrintsTheCacheTheLostFilesAndTheReclaims() {
        servers.gateway().on("GET /api/v1/status", Answer.json("""
                {"cacheUsedBytes": 1200000000, "cacheMaxBytes": 100000000000, "dirtyFiles": 3,
                 "lostFiles": ["/a/lost.bin"], "rebuild": null, "recalls": {"queued": 2, "running":
                 [{"volume": "TL0001L5", "files": 5}]}, "importRequests": [],
                 "reclaims": [{"volumeTag": "TL0003L5", "target": "TL0004L5", "filesDone": 3, "totalFiles": 10,
                 "bytesDone": 1200000000, "totalBytes": 2300000000, "since": "2026-12-05T09:00:00Z"}]}"""));

        CliRun status = servers.run("status");

        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("cache            1.2 GB of 100 GB (1%)", "dirty files      3",
                "lost files       1", "  /a/lost.bin", "recalls          2 queued; reading TL0001L5 (5 files)",
                "TL0003L5 -> TL0004L5: 3 of 10 files, 1.2 GB of 2.3 GB");
    }

    @Test
    void jsonPrintsTheServersJsonAfterTheSubcommandToo() {
        servers.gateway().on("GET /api/v1/status", Answer.json("{\"cacheUsedBytes\": 7, \"lostFiles\": []}"));

        CliRun status = servers.run("status", "--json");

        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("\"cacheUsedBytes\" : 7");
    }

    @Test
    void lsFollowsEveryPageWithItsCursorAndPassesTheFilters() {
        servers.gateway().on("GET /api/v1/files", r -> r.pathAndQuery().contains("cursor=")
                ? Answer.json("""
                        {"entries": [{"path": "/d/b.bin", "kind": "FILE", "size": 2000, "state": "offline",
                         "mtime": "2026-12-01T10:00:00.123Z", "tapes": [{"volumeTag": "TL0002L5", "current": true}]}],
                         "nextCursor": null}""")
                : Answer.json("""
                        {"entries": [{"path": "/d/a.bin", "kind": "FILE", "size": 1000, "state": "offline",
                         "mtime": "2026-12-01T10:00:00Z", "tapes": [{"volumeTag": "TL0001L5", "current": true},
                         {"volumeTag": "TL0003L5", "current": false}]}], "nextCursor": "L2QvYS5iaW4"}"""));

        CliRun ls = servers.run("ls", "/d", "--state", "offline", "--tape", "TL0001L5", "--page", "1");

        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("/d/a.bin  TL0001L5,TL0003L5(old)", "/d/b.bin  TL0002L5", "2.0 kB",
                "2026-12-01T10:00:00Z");
        assertThat(servers.gateway().requests).hasSize(2);
        String first = URLDecoder.decode(servers.gateway().requests.get(0).pathAndQuery(), StandardCharsets.UTF_8);
        assertThat(first).contains("path=/d", "recursive=false", "state=offline", "tape=TL0001L5", "limit=1")
                .doesNotContain("cursor");
        assertThat(servers.gateway().requests.get(1).pathAndQuery()).contains("cursor=L2QvYS5iaW4");
    }

    @Test
    void findListsRecursivelyAndJsonIsOneArrayOfEveryPage() {
        servers.gateway().on("GET /api/v1/files", r -> r.pathAndQuery().contains("cursor=")
                ? Answer.json("{\"entries\": [{\"path\": \"/b\"}], \"nextCursor\": null}")
                : Answer.json("{\"entries\": [{\"path\": \"/a\"}], \"nextCursor\": \"x\"}"));

        CliRun find = servers.run("find", "--json");

        assertThat(find.exitCode()).isZero();
        assertThat(find.out().replaceAll("\\s", "")).isEqualTo("[{\"path\":\"/a\"},{\"path\":\"/b\"}]");
        assertThat(servers.gateway().requests.get(0).pathAndQuery()).contains("recursive=true");
    }

    @Test
    void whereShowsTheStateAndEveryCartridgeWithACopy() {
        servers.gateway().on("GET /api/v1/files", Answer.json("""
                {"entries": [{"path": "/x/file", "kind": "FILE", "size": 5500000, "state": "cached",
                 "sha256": "ab12", "tapes": [{"volumeTag": "TL0001L5", "current": true, "size": 5500000},
                 {"volumeTag": "TL0002L5", "current": false, "size": 5400000}]}], "nextCursor": null}"""));

        CliRun where = servers.run("--mount", "/mnt/tapes", "where", "/mnt/tapes/x/file");

        assertThat(where.exitCode()).isZero();
        assertThat(where.out()).contains("/x/file  cached  5.5 MB  sha256 ab12", "TL0001L5   current  5.5 MB",
                "TL0002L5   old      5.4 MB");
        assertThat(URLDecoder.decode(servers.gateway().requests.get(0).pathAndQuery(), StandardCharsets.UTF_8))
                .as("the mount point is taken off").containsPattern("path=/x/file(&|$)");
    }

    @Test
    void aMissingPathExitsFiveWithTheServersMessage() {
        servers.gateway().on("GET /api/v1/files",
                Answer.error(404, "{\"error\": \"no such path: /nope\", \"field\": \"path\"}"));

        CliRun where = servers.run("where", "/nope");

        assertThat(where.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(where.err()).contains("no such path: /nope (HTTP 404)");
    }

    @Test
    void aRefusedRequestExitsOneNamingTheField() {
        servers.gateway().on("GET /api/v1/files",
                Answer.error(400, "{\"error\": \"must be 1..10000\", \"field\": \"limit\"}"));

        CliRun ls = servers.run("ls", "--page", "0");

        assertThat(ls.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(ls.err()).contains("tapelib: limit: must be 1..10000 (HTTP 400)");
    }

    @Test
    void theTokenTravelsAsABearerHeaderAndA401ExitsFour() {
        servers.gateway().on("GET /api/v1/status", r -> "Bearer s3cret".equals(r.authorization())
                ? Answer.json("{\"lostFiles\": []}") : Answer.error(401, "{\"error\": \"a bearer token is needed\"}"));

        assertThat(servers.run("status").exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(servers.run("status", "--token", "wrong").exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(servers.run("--token", "s3cret", "status").exitCode()).isZero();
    }

    @Test
    void aServerThatDoesNotAnswerExitsThree() {
        CliRun status = CliRun.of("http://127.0.0.1:1", servers.controller().url(), false, "status");

        assertThat(status.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(status.err()).contains("cannot reach http://127.0.0.1:1");
    }

    @Test
    void aBadCommandLineExitsTwo() {
        assertThat(servers.run("load").exitCode()).as("load needs a tag or a slot").isEqualTo(ExitCodes.USAGE);
        assertThat(servers.run("evict").exitCode()).as("evict needs paths or --all").isEqualTo(ExitCodes.USAGE);
        assertThat(servers.run("no-such-command").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(servers.gateway().requests).isEmpty();
    }

    @Test
    void helpListsTheExitCodesUnderEveryCommand() {
        assertThat(servers.run("--help").out()).contains("Exit codes:", "4  401");
        assertThat(servers.run("recall", "--help").out()).contains("Exit codes:", "5  not found (404)");
    }

    @Test
    void loadSendsTheVolumeTagToTheDriveAndAFailedJobExitsOne() {
        servers.controller().on("POST /api/v1/drives/1/load", r -> r.body().contains("TL0001L5")
                ? Answer.json("{\"id\": 4, \"type\": \"LOAD\", \"state\": \"SUCCEEDED\", \"volumeTag\": \"TL0001L5\","
                        + " \"drive\": 1}")
                : Answer.json("{\"id\": 5, \"type\": \"LOAD\", \"state\": \"FAILED\", \"drive\": 1,"
                        + " \"error\": \"slot 9 is empty\"}"));

        CliRun loaded = servers.run("load", "TL0001L5", "--drive", "1");
        CliRun failed = servers.run("load", "--slot", "9", "--drive", "1");

        assertThat(loaded.exitCode()).isZero();
        assertThat(loaded.out()).contains("LOAD TL0001L5: SUCCEEDED (controller job 4, drive 1)");
        assertThat(servers.controller().requests.get(0).body()).isEqualTo("{\"volumeTag\":\"TL0001L5\"}");
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.err()).contains("slot 9 is empty");
        assertThat(servers.controller().requests.get(1).body()).isEqualTo("{\"slot\":9}");
    }

    @Test
    void recallReadsAListAndReportsTheRejectedPaths(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("list"), "/a\n\n/b\n");
        servers.gateway().on("POST /api/v1/recall", Answer.json("""
                {"queued": 1, "joined": 0, "cached": 0, "rejected": [{"path": "/b", "reason": "not on tape"}],
                 "jobs": []}"""));

        CliRun recall = servers.run("recall", "--from-list", list.toString());

        assertThat(recall.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(recall.out()).contains("1 queued, 0 already being recalled, 0 cached, 1 rejected");
        assertThat(recall.err()).contains("/b: not on tape");
        assertThat(servers.gateway().requests.get(0).body()).isEqualTo("{\"paths\":[\"/a\",\"/b\"]}");
    }

    @Test
    void jobsListsBothProcessesAndToleratesAGatewayWithoutAJobList() {
        servers.controller().on("GET /api/v1/jobs", Answer.json("""
                [{"id": 9, "type": "RECLAIM", "state": "RUNNING", "volumeTag": "TL0003L5", "bytes": 1200000000,
                  "totalBytes": 2300000000, "submitted": "2026-12-05T09:00:00.5Z"}]"""));

        CliRun jobs = servers.run("jobs");

        assertThat(jobs.exitCode()).isZero();
        assertThat(jobs.out()).contains("controller", "RECLAIM", "TL0003L5", "1.2 GB of 2.3 GB",
                "2026-12-05T09:00:00Z");
        assertThat(jobs.err()).contains("no job list");
    }

    @Test
    void auditTakesAnAgeForSinceAndWalksThePages() {
        servers.gateway().on("GET /api/v1/audit", Answer.json("""
                {"records": [{"id": 1, "time": "2026-12-05T09:00:00Z", "action": "unlink", "path": "/a", "uid": 1000,
                  "pid": 42, "process": "rm", "caller": "mount", "outcome": "ok"}], "nextCursor": null}"""));

        CliRun audit = servers.run("audit", "--path", "/a", "--since", "24h");

        assertThat(audit.exitCode()).isZero();
        assertThat(audit.out()).contains("unlink", "rm", "1000", "mount");
        assertThat(URLDecoder.decode(servers.gateway().requests.get(0).pathAndQuery(), StandardCharsets.UTF_8))
                .containsPattern("since=20\\d\\d-\\d\\d-\\d\\dT").contains("path=/a");
        assertThat(servers.run("audit", "--since", "yesterday").exitCode()).isEqualTo(ExitCodes.FAILED);
    }
}
