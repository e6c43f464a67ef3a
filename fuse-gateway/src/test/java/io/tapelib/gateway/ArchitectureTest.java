package io.tapelib.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's package seams (shared/DESIGN.md section 2), checked on the compiled main classes with ArchUnit: a
 * dependency that crosses a seam fails the build with the offending class, member and line.
 */
class ArchitectureTest {
    private static JavaClasses gateway;

    @BeforeAll
    static void importMainClasses() {
        gateway = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tapelib.gateway");
        assertThat(gateway.stream().map(c -> c.getPackageName()).distinct())
                .as("the rules below see every package they speak of")
                .contains("io.tapelib.gateway.catalog", "io.tapelib.gateway.namespace", "io.tapelib.gateway.controller",
                        "io.tapelib.gateway.tiering", "io.tapelib.gateway.fs", "io.tapelib.gateway.posix");
    }

    @Test
    void theCatalogDoesNotKnowTheNamespace() {
        noClasses().that().resideInAPackage("io.tapelib.gateway.catalog..")
                .should().dependOnClassesThat().resideInAPackage("io.tapelib.gateway.namespace..")
                .because("POSIX types sit below the catalog (posix/); the namespace is built on the catalog")
                .check(gateway);
    }

    @Test
    void protoTypesStayInsideTheControllerAdapter() {
        noClasses().that().resideOutsideOfPackage("io.tapelib.gateway.controller..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tapelib.proto..", "io.grpc..")
                .because("controller/ is the port to the controller and its gRPC adapter; the rest of the gateway"
                        + " speaks in the port's records")
                .check(gateway);
    }

    @Test
    void theFuseLayerHoldsNoSqlAndNoGrpc() {
        noClasses().that().resideInAPackage("io.tapelib.gateway.fs..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..",
                        "io.grpc..", "io.tapelib.proto..", "com.google.protobuf..", "io.tapelib.gateway.controller..")
                .because("fs/ is thin: it translates FUSE calls to the namespace and exceptions to errno")
                .check(gateway);
    }
}
