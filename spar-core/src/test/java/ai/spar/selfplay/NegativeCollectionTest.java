package ai.spar.selfplay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.JudgeConfig;
import ai.spar.config.SeedDeriver;
import ai.spar.judge.MajorityVoteJudge;
import ai.spar.llm.SamplingParams;
import ai.spar.testing.SparScript;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Negative collection: samples, their judgments and the seeded root among the failed samples. */
class NegativeCollectionTest {
  private static final SeedDeriver SEEDS = new SeedDeriver(42);

  private static List<CollectedAnswers> collect(SparScript script, List<Instruction> instructions) {
    NegativeCollection collection =
        new NegativeCollection(
            script.model,
            new MajorityVoteJudge(script.model, SparScript.JUDGE, JudgeConfig.defaults()),
            SEEDS);
    return collection.collect(instructions, i -> SamplingParams.sample(0.9, 0.9, 16, 0).withN(3));
  }

  private static SparScript world() {
    SparScript s = new SparScript();
    s.answers.put("pass", List.of("p0", "p1", "p2"));
    s.votes("p0", "YYYYY").votes("p1", "YYYYY").votes("p2", "YYYYY");
    s.answers.put("mixed", List.of("m0", "m1", "m2"));
    s.votes("m0", "NNNNN").votes("m1", "YYYYY").votes("m2", "YYNNN");
    s.model.failOn(last -> last.equals("boom"));
    return s;
  }

  @Test
  void everySampleIsJudgedAndTheRootIsTheSeededDrawAmongTheFailedOnes() {
    List<CollectedAnswers> collected =
        collect(
            world(),
            List.of(
                Instruction.of("a", "pass"),
                Instruction.of("b", "mixed"),
                Instruction.of("c", "boom")));

    CollectedAnswers pass = collected.get(0);
    assertThat(pass.texts()).containsExactly("p0", "p1", "p2");
    assertThat(pass.passed()).isEqualTo(3);
    assertThat(pass.rootSample()).isEqualTo(-1);
    assertThat(pass.root()).isEmpty();

    CollectedAnswers mixed = collected.get(1);
    assertThat(mixed.passed()).isEqualTo(1);
    assertThat(mixed.failed()).isEqualTo(2);
    List<Integer> failed = List.of(0, 2);
    int drawn =
        failed.get(new SplittableRandom(SEEDS.derive("b", SeedDeriver.ROOT_CHOICE, 0)).nextInt(2));
    assertThat(mixed.rootSample()).isEqualTo(drawn);
    assertThat(mixed.root().orElseThrow().response()).isEqualTo("m" + drawn);
    assertThat(mixed.root().orElseThrow().judgment()).isEqualTo(mixed.judgments().get(drawn));

    CollectedAnswers boom = collected.get(2);
    assertThat(boom.isOk()).isFalse();
    assertThat(boom.error()).isEqualTo("actor: scripted failure for: boom");
    assertThat(boom.texts()).isEmpty();
  }

  @Test
  void oneActorCallAndOneJudgeCallForTheWholeBatch() {
    SparScript script = world();
    collect(script, List.of(Instruction.of("a", "pass"), Instruction.of("b", "mixed")));
    assertThat(script.model.calls()).hasSize(2);
    assertThat(script.model.calls().get(0)).hasSize(2);
    assertThat(script.model.calls().get(1)).hasSize(6);
  }
}
