package io.tapelib.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The controller's package seams (shared/DESIGN.md section 2), checked on the compiled main classes with ArchUnit. */
class ArchitectureTest {
    private static JavaClasses controller;

    @BeforeAll
    static void importMainClasses() {
        controller = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tapelib.controller");
        assertThat(controller.stream().map(c -> c.getPackageName()).distinct())
                .as("the rules below see every package they speak of")
                .contains("io.tapelib.controller.library", "io.tapelib.controller.changer.virtual",
                        "io.tapelib.controller.drive.virtual", "io.tapelib.controller.config");
    }

    @Test
    void theVirtualLibraryDoesNotKnowTheAdaptersBuiltOnIt() {
        noClasses().that().resideInAPackage("io.tapelib.controller.library..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tapelib.controller.changer.virtual..",
                        "io.tapelib.controller.drive.virtual..", "io.tapelib.controller.config..")
                .because("the virtual changer and drives are adapters of the changer and drive ports that act on"
                        + " library/; config/ assembles them")
                .check(controller);
    }

    @Test
    void theVirtualLibraryAndItsAdaptersFormNoCycle() {
        slices().matching("io.tapelib.controller.(library|changer.virtual|drive.virtual)..")
                .should().beFreeOfCycles()
                .check(controller);
    }
}
