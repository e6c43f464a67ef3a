package io.tapelib.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.gateway.catalog.AuditRecord;
import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the auditing namespace records of calls at the mount, and that it changes no call's answer. */
class AuditedNamespaceTest {
    private static final Instant NOW = Instant.parse("2026-12-05T09:30:00Z");

    @TempDir
    Path proc;

    private final List<AuditRecord> records = new CopyOnWriteArrayList<>();

    /** A namespace that answers handles 7 and 8, writes everything, and knows no "/missing". */
    private static Namespace inner() {
        return (Namespace) Proxy.newProxyInstance(Namespace.class.getClassLoader(), new Class<?>[] {Namespace.class},
                (proxy, method, args) -> {
                    if (args != null && "/missing".equals(args[0])) {
                        throw new NamespaceException(Errno.ENOENT, "no such entry");
                    }
                    return switch (method.getName()) {
                        case "create" -> 7L;
                        case "open" -> 8L;
                        case "write" -> args[3];
                        case "getattr", "readdir", "statfs", "readlink", "getxattr", "listxattr" -> null;
                        default -> null;
                    };
                });
    }

    private AuditedNamespace audited(Caller caller) throws Exception {
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/comm"), "rm\n");
        return new AuditedNamespace(inner(), records::add, () -> caller, new ProcessNames(proc, Duration.ofSeconds(2)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void recordsChangesWithTheCallerAndTheOutcome() throws Exception {
        AuditedNamespace namespace = audited(new Caller(1000, 100, 4242));
        namespace.unlink("/a");
        assertThatThrownBy(() -> namespace.unlink("/missing")).isInstanceOf(NamespaceException.class);
        namespace.rename("/a", "/b");
        namespace.chmod("/b", 0640);
        namespace.chown("/b", 1, 2);
        namespace.mkdir("/d", 0755, 1000, 100);
        namespace.rmdir("/d");
        namespace.symlink("target", "/l", 1000, 100);
        namespace.link("/b", "/c");
        namespace.truncate("/b", 10);
        namespace.setxattr("/b", "user.x", new byte[] {1}, false, false);
        namespace.removexattr("/b", "user.x");
        namespace.getattr("/b");
        namespace.readdir("/");

        assertThat(records).extracting(AuditRecord::action, AuditRecord::path, AuditRecord::newPath,
                        AuditRecord::outcome, AuditRecord::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("unlink", "/a", null, "ok", null),
                        org.assertj.core.groups.Tuple.tuple("unlink", "/missing", null, "ENOENT", null),
                        org.assertj.core.groups.Tuple.tuple("rename", "/a", "/b", "ok", null),
                        org.assertj.core.groups.Tuple.tuple("chmod", "/b", null, "ok", "mode 0640"),
                        org.assertj.core.groups.Tuple.tuple("chown", "/b", null, "ok", "1:2"),
                        org.assertj.core.groups.Tuple.tuple("mkdir", "/d", null, "ok", "mode 0755"),
                        org.assertj.core.groups.Tuple.tuple("rmdir", "/d", null, "ok", null),
                        org.assertj.core.groups.Tuple.tuple("symlink", "/l", "target", "ok", null),
                        org.assertj.core.groups.Tuple.tuple("link", "/b", "/c", "ok", null),
                        org.assertj.core.groups.Tuple.tuple("truncate", "/b", null, "ok", "size 10"),
                        org.assertj.core.groups.Tuple.tuple("setxattr", "/b", null, "ok", "user.x"),
                        org.assertj.core.groups.Tuple.tuple("removexattr", "/b", null, "ok", "user.x"));
        assertThat(records).allSatisfy(r -> {
            assertThat(r.uid()).isEqualTo(1000);
            assertThat(r.pid()).isEqualTo(4242);
            assertThat(r.process()).isEqualTo("rm");
            assertThat(r.caller()).isEqualTo("mount");
            assertThat(r.time()).isEqualTo(NOW);
        });
    }

    @Test
    void aWriteIsRecordedOnceWhenItsHandleIsReleasedWithTheOpenersIdentity() throws Exception {
        Caller opener = new Caller(1000, 100, 4242);
        Caller[] current = {opener};
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/comm"), "cp\n");
        AuditedNamespace namespace = new AuditedNamespace(inner(), records::add, () -> current[0],
                new ProcessNames(proc, Duration.ofSeconds(2)), Clock.fixed(NOW, ZoneOffset.UTC));
        long created = namespace.create("/new", 0644, 1000, 100);
        namespace.write(created, ByteBuffer.allocate(3), 0, 3);
        namespace.write(created, ByteBuffer.allocate(2), 3, 2);
        long readOnly = namespace.open("/new", false, false);
        long unwritten = namespace.open("/new", true, false);
        // libfuse often releases with no caller: the process is gone
        current[0] = Caller.UNKNOWN;
        namespace.release(readOnly);
        namespace.release(unwritten);
        namespace.release(created);

        assertThat(records).extracting(AuditRecord::action, AuditRecord::path, AuditRecord::detail,
                        AuditRecord::pid, AuditRecord::process)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("create", "/new", "mode 0644", 4242, "cp"),
                        org.assertj.core.groups.Tuple.tuple("write", "/new", "5 bytes", 4242, "cp"));
    }

    @Test
    void anUnknownCallerIsRecordedWithoutUidPidOrProcess() throws Exception {
        AuditedNamespace namespace = audited(Caller.UNKNOWN);
        namespace.unlink("/a");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.uid()).isNull();
            assertThat(r.pid()).isNull();
            assertThat(r.process()).isNull();
        });
    }
}
