package ai.spar.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine talks to models only through {@code ai.spar.llm.LanguageModel}; its layers point one
 * way.
 */
class EngineArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("ai.spar");

  @Test
  void theEngineNeverSeesDjl() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "ai.spar.config..",
            "ai.spar.judge..",
            "ai.spar.refine..",
            "ai.spar.search..",
            "ai.spar.selfplay..",
            "ai.spar.data..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "ai.spar.llm.llama..", "ai.spar.llm.tokenizer..")
        .check(CORE);
  }

  @Test
  void lowerLayersDoNotReachUp() {
    noClasses()
        .that()
        .resideInAnyPackage("ai.spar.config..", "ai.spar.data..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "ai.spar.judge..", "ai.spar.refine..", "ai.spar.search..", "ai.spar.selfplay..")
        .check(CORE);
    noClasses()
        .that()
        .resideInAnyPackage("ai.spar.judge..", "ai.spar.refine..", "ai.spar.search..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.spar.selfplay..", "ai.spar.data..")
        .check(CORE);
  }
}
