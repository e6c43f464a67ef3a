package io.tapelib.gateway.fs;

import io.tapelib.gateway.namespace.Namespace;
import io.tapelib.gateway.posix.Errno;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel asks for {@code security.capability} before every write to a file: a name outside {@code user.} is
 * answered ENODATA without the namespace (and so without the catalog); names in {@code user.} still reach it.
 */
class FuseXattrsTest {
    private final List<String> calls = new ArrayList<>();
    /** A namespace that records each call and answers a getxattr with the attribute's name as its value. */
    private final Namespace namespace = (Namespace) Proxy.newProxyInstance(Namespace.class.getClassLoader(),
            new Class<?>[] {Namespace.class}, (proxy, method, args) -> {
                calls.add(method.getName() + " " + args[1]);
                if (method.getName().equals("getxattr")) {
                    return ((String) args[1]).getBytes(StandardCharsets.UTF_8);
                }
                throw new UnsupportedOperationException(method.getName());
            });
    private final FuseXattrs xattrs = new FuseXattrs(namespace);

    @Test
    void namesOutsideUserAreAbsentWithoutAskingTheNamespace() {
        for (String name : List.of("security.capability", "security.selinux", "trusted.overlay.opaque",
                "system.posix_acl_access")) {
            assertThat(xattrs.get("/d/f000001", name, null, 0)).as(name).isEqualTo(-Errno.ENODATA.value());
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void namesInUserStillComeFromTheNamespace() {
        Pointer buffer = Runtime.getSystemRuntime().getMemoryManager().allocateDirect(64);

        assertThat(xattrs.get("/f", "user.tapelib.state", null, 0)).isEqualTo("user.tapelib.state".length());
        assertThat(xattrs.get("/f", "user.mine", buffer, 64)).isEqualTo("user.mine".length());
        assertThat(buffer.getString(0, "user.mine".length(), StandardCharsets.UTF_8)).isEqualTo("user.mine");
        assertThat(calls).containsExactly("getxattr user.tapelib.state", "getxattr user.mine");
    }

    @Test
    void atTheMountWritesAskNothingAndOtherNamespacesBehaveAsBefore(@TempDir Path temp) throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        try (RealMount mount = new RealMount(temp, 100_000_000, (catalog, tree) -> counting(tree, asked))) {
            Path file = mount.mountPoint.resolve("file");
            RealMount.run(0, "sh", "-c", "echo x > " + file + " && echo y >> " + file);

            assertThat(Files.readString(file)).isEqualTo("x\ny\n");
            assertThat(RealMount.run(1, "getfattr", "-n", "security.capability", file.toString()))
                    .contains("No such attribute");
            // setfattr of another namespace's name is refused as before: only user.* names are kept
            assertThat(RealMount.run(1, "setfattr", "-n", "security.test", "-v", "1", file.toString()))
                    .contains("Operation not supported");
            assertThat(RealMount.run(0, "getfattr", "--only-values", "-n", "user.tapelib.state", file.toString()))
                    .endsWith("dirty");
            assertThat(asked).containsOnly("user.tapelib.state");   // getfattr asks for the size, then the value
        }
    }

    /** {@code inner}, with the names of the getxattr calls that reach it recorded into {@code asked}. */
    private static Namespace counting(Namespace inner, List<String> asked) {
        return (Namespace) Proxy.newProxyInstance(Namespace.class.getClassLoader(), new Class<?>[] {Namespace.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getxattr")) {
                        asked.add((String) args[1]);
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
