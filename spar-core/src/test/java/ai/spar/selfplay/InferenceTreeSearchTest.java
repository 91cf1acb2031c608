package ai.spar.selfplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.config.SeedDeriver;
import ai.spar.config.SparConfig;
import ai.spar.judge.MajorityVoteJudge;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.SamplingParams;
import ai.spar.testing.SparScript;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceTreeSearchTest {
  private static final SparConfig CONFIG = SparConfig.defaults();

  private static SparScript world() {
    SparScript s = new SparScript();
    s.answers.put("pass", List.of("p1"));
    s.votes("p1", "YYYYY");
    s.answers.put("fix", List.of("f1"));
    s.votes("f1", "YNNNN").votes("f1.1", "YYYNN").votes("f1.0", "YYNNN");
    s.answers.put("hopeless", List.of("h1"));
    return s;
  }

  private static InferenceTreeSearch search(SparScript script) {
    return new InferenceTreeSearch(
        CONFIG,
        script.model,
        script.model,
        SparScript.chat(),
        new MajorityVoteJudge(script.model, SparScript.JUDGE, CONFIG.judge()));
  }

  private static final List<Instruction> INSTRUCTIONS =
      List.of(
          Instruction.of("1", "pass"),
          Instruction.of("2", "fix"),
          Instruction.of("3", "hopeless"),
          Instruction.of("4", ""));

  @Test
  void answersCarryTheirSourceValueDepthAndNodes() {
    List<InferenceAnswer> answers = search(world()).answer(INSTRUCTIONS);

    InferenceAnswer pass = answers.get(0);
    assertThat(pass).isEqualTo(new InferenceAnswer("1", "p1", "ACTOR", 1.0, 0, 0, null));
    InferenceAnswer fixed = answers.get(1);
    assertThat(fixed.source()).isEqualTo("REFINED");
    assertThat(fixed.response()).isEqualTo("f1.1");
    assertThat(fixed.value()).isEqualTo(0.6);
    assertThat(fixed.depth()).isEqualTo(1);
    assertThat(fixed.treeNodes()).isEqualTo(3);
    InferenceAnswer hopeless = answers.get(2);
    assertThat(hopeless.source()).isEqualTo("FALLBACK");
    assertThat(hopeless.treeNodes()).isEqualTo(15);
    assertThat(hopeless.isOk()).isTrue();
    InferenceAnswer invalid = answers.get(3);
    assertThat(invalid.isOk()).isFalse();
    assertThat(invalid.error()).isEqualTo("prompt must not be blank");
    assertThat(invalid.depth()).isZero();
  }

  @Test
  void sampledFirstAnswersSeedEachInstructionFromTheJobSeedAndItsId() {
    SparScript script = world();
    SamplingParams sampled = SamplingParams.sample(0.8, 0.95, 16, 999);

    search(script).answer(INSTRUCTIONS, sampled);

    List<GenerationRequest> first = script.model.calls().get(0);
    assertThat(first).hasSize(3);
    SeedDeriver seeds = new SeedDeriver(CONFIG.seed());
    for (int i = 0; i < 3; i++) {
      String id = INSTRUCTIONS.get(i).id();
      assertThat(first.get(i).sampling())
          .isEqualTo(sampled.withSeed(seeds.derive(id, SeedDeriver.ACTOR, 0)));
    }
    assertThatThrownBy(() -> search(world()).answer(INSTRUCTIONS, sampled.withN(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("first must ask for n = 1, but was: SamplingParams[");
  }

  @Test
  void greedyFirstAnswersUseTheActorBudget() {
    SparScript script = world();
    search(script).answer(INSTRUCTIONS);
    assertThat(script.model.calls().get(0))
        .allMatch(r -> r.sampling().equals(SamplingParams.greedy(CONFIG.actor().maxNewTokens())));
  }

  @Test
  void createLoadsTheShippedPromptsAndConfiguredJudge() {
    SparScript script = new SparScript();
    InferenceTreeSearch search = SelfPlayStages.read(CONFIG).treeSearch(script.model, script.model);
    List<InferenceAnswer> answers = search.answer(List.of(Instruction.of("x", "hello")));
    assertThat(answers).hasSize(1);
    String judgePrompt = script.model.calls().get(1).get(0).prompt().toString();
    assertThat(judgePrompt).contains("Final Judgement").contains("hello-a0");
  }
}
