package ai.spar.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of docs/DESIGN.md and STYLE.md, checked on spar-core's compiled classes. */
class PackageRulesTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("spar-test-support"))
            .importPackages("ai.spar");
  }

  @Test
  void onlyTheRuntimeImplementationSeesDjl() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "ai.spar.llm.llama..",
            "ai.spar.llm.tokenizer..",
            "ai.spar.llm.weights..",
            "ai.spar.llm.sampling..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.djl..")
        .because("nothing outside the runtime sees tensors, tokenizers or caches (DESIGN.md, llm)")
        .check(core);
  }

  @Test
  void theEngineTalksToTheLanguageModelInterfaceOnly() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "ai.spar.judge..",
            "ai.spar.refine..",
            "ai.spar.search..",
            "ai.spar.selfplay..",
            "ai.spar.ifeval..",
            "ai.spar.data..",
            "ai.spar.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "ai.spar.llm.llama..",
            "ai.spar.llm.tokenizer..",
            "ai.spar.llm.weights..",
            "ai.spar.llm.sampling..")
        .because(
            "the engine runs on any LanguageModel: the DJL decoder, a server, a scripted test model")
        .allowEmptyShould(true)
        .check(core);
  }

  @Test
  void ifevalIsALeafOfTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("ai.spar.ifeval..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "ai.spar.judge..", "ai.spar.refine..", "ai.spar.search..", "ai.spar.selfplay..")
        .because("the verifiers are used by the judges, never the other way round")
        .allowEmptyShould(true)
        .check(core);
  }

  @Test
  void coreNeverSeesSparkOrHadoop() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "org.apache.parquet..")
        .check(core);
  }

  @Test
  void topLevelPackagesAreFreeOfCycles() {
    slices().matching("ai.spar.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(core);
  }
}
