package ai.spar.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layout of the README ("Layout"), checked on the compiled classes of every module: the
 * library never reaches up into the miniature, the benchmarks or the launcher. Maven's enforcer
 * (execution {@code library-stays-library}) keeps the same rule on the dependency graph; this test
 * catches a class put in the wrong module under a library package.
 */
class LayoutRulesTest {
  /** The library's packages: spar-core, spar-spark, spar-trainer, spar-report and spar-loop. */
  private static final String[] LIBRARY = {
    "ai.spar.config..",
    "ai.spar.data..",
    "ai.spar.ifeval..",
    "ai.spar.jsonl..",
    "ai.spar.judge..",
    "ai.spar.lease..",
    "ai.spar.llm..",
    "ai.spar.progress..",
    "ai.spar.refine..",
    "ai.spar.search..",
    "ai.spar.selfplay..",
    "ai.spar.serve..",
    "ai.spar.spark..",
    "ai.spar.trainer..",
    "ai.spar.report..",
    "ai.spar.loop.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importAll() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("spar-test-support"))
            .importPackages("ai.spar");
  }

  @Test
  void theLibraryNeverDependsOnTheMiniatureTheBenchmarksOrTheLauncher() {
    noClasses()
        .that()
        .resideInAnyPackage(LIBRARY)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.spar.miniature..", "ai.spar.bench..", "ai.spar.cli..")
        .because("demo, miniature and benchmark code depend on the library, never the reverse")
        .check(classes);
  }

  @Test
  void theMiniatureStandsOnTheCoreAlone() {
    noClasses()
        .that()
        .resideInAPackage("ai.spar.miniature..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "ai.spar.bench..",
            "ai.spar.cli..",
            "ai.spar.spark..",
            "ai.spar.loop..",
            "ai.spar.trainer..")
        .because("the miniature (tasks, teacher, data, model) is a world on spar-core's engine")
        .check(classes);
  }

  @Test
  void benchmarkAndDemoCodeLivesOutsideTheLibrary() {
    for (String word : new String[] {"Benchmark", "Miniature", "Demo"}) {
      noClasses()
          .that()
          .resideInAnyPackage(LIBRARY)
          .should()
          .haveSimpleNameContaining(word)
          .because("benchmarks live in spar-bench, the miniature and demo assets in spar-miniature")
          .check(classes);
    }
  }
}
