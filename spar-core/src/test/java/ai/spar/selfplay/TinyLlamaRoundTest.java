package ai.spar.selfplay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.data.InstructionOutcome;
import ai.spar.data.Lineage;
import ai.spar.data.OutcomeKind;
import ai.spar.data.RoundOutput;
import ai.spar.data.RoundStats;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.ifeval.VerifiableInstructions;
import ai.spar.judge.PromptTemplate;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.refine.RefinementChat;
import ai.spar.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One self-play round end to end on the real tiny-llama checkpoint through the real runtime. Its
 * weights are random, so what it says is noise: the test asserts what must hold whatever the text
 * (one outcome per instruction, well-formed records with lineage, determinism), not outcomes.
 *
 * <p>The prompts are short so that the refine chat fits the fixture's 512 positions; the judge is
 * {@code rules_veto}, so that failed IFEval rules open trees and refinements run on the model.
 */
class TinyLlamaRoundTest {
  private static final RefinementChat CHAT =
      new RefinementChat(
          PromptTemplate.of(
              "judge",
              "Instruction: {instruction}\nResponse: {response}\nDoes the response follow the"
                  + " instruction? End with Final Judgement: Yes or No.",
              Set.of(PromptTemplate.INSTRUCTION, PromptTemplate.RESPONSE)),
          PromptTemplate.of(
              "refine", "Fix the response. Put it between [[start]] and [[end]].", Set.of()));

  private static final SparConfig CONFIG =
      SparConfigLoader.parse(
          "",
          "test",
          Map.of(
              "actor.samples", "2",
              "actor.max_new_tokens", "12",
              "judge.mode", "rules_veto",
              "judge.votes", "3",
              "judge.max_new_tokens", "8",
              "judge.tie_attempts", "2",
              "refine.max_new_tokens", "12",
              "refine.format_attempts", "2"));

  private static final List<Instruction> INSTRUCTIONS =
      List.of(
          new Instruction(
              "no-comma",
              "Write a line about rain without commas.",
              new VerifiableInstructions(List.of("punctuation:no_comma"), List.of(Map.of()))),
          new Instruction(
              "lowercase",
              "Describe a cat in lowercase letters only.",
              new VerifiableInstructions(
                  List.of("change_case:english_lowercase"), List.of(Map.of()))),
          Instruction.of("free", "Say hello."),
          Instruction.of("blank", " "));

  private static DjlLlamaModel model;

  @BeforeAll
  static void load() {
    model = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static RoundOutput round(SparConfig config) {
    SelfPlayRound round =
        new SelfPlayRound(
            config,
            model,
            model,
            CHAT,
            SelfPlayStages.judgeFor(
                config.judge(), model, CHAT.judgePrompt(), IfevalVerifier.strict()),
            1);
    return round.run(INSTRUCTIONS);
  }

  @Test
  void oneOutcomePerInstructionWellFormedRecordsAndIdenticalReruns() {
    RoundOutput first = round(CONFIG);

    assertThat(first.outcomes())
        .extracting(InstructionOutcome::instructionId)
        .containsExactly("no-comma", "lowercase", "free", "blank");
    assertThat(first.outcomes().get(3).kind()).isEqualTo(OutcomeKind.INVALID_INPUT);
    assertThat(first.outcomes().get(3).message()).isEqualTo("prompt must not be blank");
    assertThat(first.outcomes().subList(0, 3))
        .allSatisfy(
            o -> {
              assertThat(o.kind()).isNotIn(OutcomeKind.INVALID_INPUT, OutcomeKind.ERROR);
              assertThat(o.passed() + o.failed() + o.undecided()).isEqualTo(2);
            });
    RoundStats stats = first.stats();
    assertThat(
            stats.pairFound()
                + stats.allPassed()
                + stats.searchFailed()
                + stats.undecided()
                + stats.invalidInput()
                + stats.errors())
        .isEqualTo(INSTRUCTIONS.size());

    ModelInfo info = model.info();
    assertThat(info.id()).isEqualTo("tiny-llama");
    assertThat(info.weightsHash()).matches("[0-9a-f]{64}");
    Lineage expected =
        new Lineage(
            1, info.id(), info.weightsHash(), info.id(), info.weightsHash(), "rules_veto", 42L);
    assertThat(first.outcomes()).allSatisfy(o -> assertThat(o.lineage()).isEqualTo(expected));
    assertThat(first.samples()).hasSize(3 * 2);
    assertThat(first.samples())
        .allSatisfy(
            s -> {
              assertThat(s.lineage()).isEqualTo(expected);
              assertThat(s.response()).isNotNull();
              assertThat(s.error()).isNull();
            });
    // the sample seeds derive from the instruction ids: the two samples of one request share one
    assertThat(first.samples().get(0).seed()).isEqualTo(first.samples().get(1).seed());
    assertThat(first.samples().get(0).seed()).isNotEqualTo(first.samples().get(2).seed());
    assertThat(first.nodes()).allSatisfy(n -> assertThat(n.lineage()).isEqualTo(expected));
    assertThat(first.nodes())
        .filteredOn(n -> n.depth() == 0)
        .allSatisfy(n -> assertThat(n.parentId()).isNull());
    assertThat(first.actorPairs()).allSatisfy(p -> assertThat(p.lineage()).isEqualTo(expected));

    RoundOutput second = round(CONFIG);
    assertThat(second.outcomes()).isEqualTo(first.outcomes());
    assertThat(second.samples()).isEqualTo(first.samples());
    assertThat(second.nodes()).isEqualTo(first.nodes());
    assertThat(second.actorPairs()).isEqualTo(first.actorPairs());
    assertThat(second.refinerExamples()).isEqualTo(first.refinerExamples());
    assertThat(second.refinerPairs()).isEqualTo(first.refinerPairs());
  }

  @Test
  void anotherJobSeedChangesTheSampleSeeds() {
    RoundOutput seeded = round(CONFIG.withSeed(7));
    RoundOutput base = round(CONFIG);
    assertThat(seeded.samples().get(0).seed()).isNotEqualTo(base.samples().get(0).seed());
    assertThat(seeded.outcomes().get(0).lineage().jobSeed()).isEqualTo(7L);
  }
}
