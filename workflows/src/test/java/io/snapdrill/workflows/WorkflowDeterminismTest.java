package io.snapdrill.workflows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Workflow code is replayed: anything that reads the clock, randomness, threads or I/O directly
 * breaks replay of running drills. The model and the activity interfaces are checked too because
 * workflow code runs them.
 */
class WorkflowDeterminismTest {
  private static final JavaClasses WORKFLOW_CODE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.snapdrill.workflows", "io.snapdrill.model");

  @Test
  void noClockRandomnessThreadsOrIo() {
    noClasses().should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(java.util.UUID.class, "randomUUID")
        .orShould().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(java.time.LocalDateTime.class, "now")
        .orShould().callMethod(java.time.ZonedDateTime.class, "now")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
            "java.util.concurrent..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
        .because("workflow code must be deterministic: use Workflow.currentTimeMillis, Workflow.randomUUID, Workflow.sleep")
        .check(WORKFLOW_CODE);
  }

  @Test
  void noStaticMutableState() {
    fields().that().areStatic().should().beFinal()
        .because("workflow instances share a JVM; static mutable state leaks between drills and breaks replay")
        .check(WORKFLOW_CODE);
  }
}
