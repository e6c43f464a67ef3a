package io.tapelib.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapelib.gateway.audit.AuditedController;
import io.tapelib.gateway.audit.AuditedNamespace;
import io.tapelib.gateway.control.ControlTree;
import io.tapelib.gateway.controller.TapeController;
import io.tapelib.gateway.namespace.ForwardingNamespace;
import io.tapelib.gateway.namespace.Namespace;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decorators the gateway chains in front of its ports (GatewayBeans) implement every method of the port, default
 * methods included, themselves or in a base class ({@code ForwardingNamespace}): a default the decorator does not
 * override would silently skip the decorated object (the audited controller once dropped the operator's job events and
 * the write-back's byte progress that way).
 */
class DecoratorsTest {

    @Test
    void theMountsDecoratorsPassEveryNamespaceCallOn() {
        assertThat(undeclared(Namespace.class, ControlTree.class)).isEmpty();
        assertThat(undeclared(Namespace.class, AuditedNamespace.class)).isEmpty();
        assertThat(undeclared(Namespace.class, ForwardingNamespace.class)).isEmpty();
    }

    @Test
    void theKernelsViewOfHardLinkedNamesPassesEveryNamespaceCallOn() throws ClassNotFoundException {
        assertThat(undeclared(Namespace.class, Class.forName("io.tapelib.gateway.fs.LinkedNamesNamespace")))
                .isEmpty();
    }

    @Test
    void theAuditedControllerPassesEveryControllerCallOn() {
        assertThat(undeclared(TapeController.class, AuditedController.class)).isEmpty();
    }

    /**
     * Methods of {@code port} that neither {@code decorator} nor a class it extends declares (the port's default would
     * run), as "name(parameter types)".
     */
    private static List<String> undeclared(Class<?> port, Class<?> decorator) {
        return Arrays.stream(port.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declares(decorator, m)).map(m -> m.getName() + Arrays.toString(m.getParameterTypes()))
                .sorted().toList();
    }

    private static boolean declares(Class<?> decorator, Method method) {
        for (Class<?> type = decorator; type != null && type != Object.class; type = type.getSuperclass()) {
            try {
                type.getDeclaredMethod(method.getName(), method.getParameterTypes());
                return true;
            } catch (NoSuchMethodException e) {
                // not here: look in the class it extends
            }
        }
        return false;
    }
}
