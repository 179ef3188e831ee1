package io.snapdrill.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The worker's root package holds the picocli commands; everything they use lives below it. */
class WorkerLayeringTest {
  private static final String ROOT = "io.snapdrill.worker";
  private static final JavaClasses WORKER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void theRootPackageHoldsOnlyCommands() {
    classes().that().resideInAPackage(ROOT).and().areTopLevelClasses()
        .should().beAnnotatedWith(Command.class)
        // HealDecisionCommand: the base of approve-heal and deny-heal
        .orShould().beAssignableTo(Callable.class)
        .check(WORKER);
  }

  @Test
  void helperPackagesDoNotDependOnTheCommands() {
    noClasses().that().resideOutsideOfPackage(ROOT)
        .should().dependOnClassesThat().resideInAPackage(ROOT)
        .check(WORKER);
  }
}
