package io.snapdrill.worker;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * No package cycle anywhere in io.snapdrill (docs/design.md, "Modules and packages"). Maven already
 * stops a module from importing one above it; inside a module only this rule does. It runs here
 * because the worker's classpath holds the production classes of every module.
 */
class PackageCyclesTest {
  /** Test classes, including the activities test-jar, are not part of the structure. */
  private static final ImportOption PRODUCTION_ONLY = new ImportOption() {
    private final ImportOption doNotIncludeTests = new ImportOption.DoNotIncludeTests();

    @Override
    public boolean includes(Location location) {
      return doNotIncludeTests.includes(location) && !location.contains("-tests.jar");
    }
  };

  @Test
  void noPackageDependsOnItselfThroughAnother() {
    JavaClasses production = new ClassFileImporter().withImportOption(PRODUCTION_ONLY).importPackages("io.snapdrill");
    slices().matching("io.snapdrill.(**)").should().beFreeOfCycles()
        .because("a cycle makes two packages one: neither can be read, tested or moved without the other")
        .check(production);
  }
}
