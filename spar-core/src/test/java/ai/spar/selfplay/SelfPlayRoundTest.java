package ai.spar.selfplay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.ActorConfig;
import ai.spar.config.JudgeConfig;
import ai.spar.config.RftConfig;
import ai.spar.config.SparConfig;
import ai.spar.data.ActorPair;
import ai.spar.data.InstructionOutcome;
import ai.spar.data.OutcomeKind;
import ai.spar.data.RefinerExample;
import ai.spar.data.RoundOutput;
import ai.spar.judge.MajorityVoteJudge;
import ai.spar.testing.ScriptedLanguageModel;
import ai.spar.testing.SparScript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfPlayRoundTest {
  private static final SparConfig CONFIG =
      SparConfig.defaults().withActor(new ActorConfig(3, 0.9, 0.9, 64));

  private SparScript world() {
    SparScript s = new SparScript();
    s.answers.put("pass", List.of("p1", "p2", "p3"));
    s.votes("p1", "YYYYY").votes("p2", "YYYYN").votes("p3", "YYYYY");
    s.answers.put("fix", List.of("f1", "f2", "ok"));
    s.votes("ok", "YYYYY").votes("f1", "YNNNN");
    s.votes("f1.1", "YYYNN").votes("f2.1", "YYYNN").votes("f1.0", "YYNNN").votes("f2.0", "YYNNN");
    s.answers.put("tie", List.of("t1", "t2", "t3"));
    s.votes("t1", "YYNN?").votes("t2", "YYYYY").votes("t3", "?????");
    s.answers.put("hopeless", List.of("h1", "h2", "h3"));
    return s;
  }

  private RoundOutput run(SparScript script, SparConfig config, List<Instruction> instructions) {
    MajorityVoteJudge judge = new MajorityVoteJudge(script.model, SparScript.JUDGE, config.judge());
    return new SelfPlayRound(config, script.model, script.model, SparScript.chat(), judge, 2)
        .run(instructions);
  }

  private static List<Instruction> inputs() {
    List<Instruction> in = new ArrayList<>();
    in.add(Instruction.of("i1", "pass"));
    in.add(Instruction.of("i2", "fix"));
    in.add(Instruction.of("i3", "tie"));
    in.add(Instruction.of("i4", "hopeless"));
    in.add(Instruction.of("i5", " "));
    in.add(Instruction.of("i2", "dup"));
    in.add(Instruction.of("i6", "boom"));
    return in;
  }

  @Test
  void everyInputGetsExactlyOneOutcome() {
    SparScript script = world();
    script.model.failOn(last -> last.equals("boom"));
    RoundOutput out = run(script, CONFIG, inputs());

    assertThat(out.outcomes().stream().map(InstructionOutcome::kind))
        .containsExactly(
            OutcomeKind.ALL_PASSED,
            OutcomeKind.PAIR_FOUND,
            OutcomeKind.UNDECIDED,
            OutcomeKind.SEARCH_FAILED,
            OutcomeKind.INVALID_INPUT,
            OutcomeKind.INVALID_INPUT,
            OutcomeKind.ERROR);
    assertThat(out.outcomes().get(4).message()).isEqualTo("prompt must not be blank");
    assertThat(out.outcomes().get(5).message()).isEqualTo("duplicate id i2 in the batch");
    assertThat(out.outcomes().get(6).message()).isEqualTo("actor: scripted failure for: boom");
    var s = out.stats();
    assertThat(
            s.pairFound()
                + s.allPassed()
                + s.searchFailed()
                + s.undecided()
                + s.invalidInput()
                + s.errors())
        .isEqualTo(s.instructions())
        .isEqualTo(7);
    assertThat(out.samples()).hasSize(12);
    assertThat(out.outcomes().get(1).passed()).isEqualTo(1);
    assertThat(out.outcomes().get(1).failed()).isEqualTo(2);
    assertThat(out.outcomes().get(2).undecided()).isEqualTo(2);
  }

  @Test
  void theActorPairIsTheRefinementAgainstTheOriginalRoot() {
    SparScript script = world();
    RoundOutput out = run(script, CONFIG, inputs().subList(0, 4));
    assertThat(out.actorPairs()).hasSize(1);
    ActorPair pair = out.actorPairs().get(0);
    int root = out.outcomes().get(1).rootSample();
    String rejected = List.of("f1", "f2", "ok").get(root);
    assertThat(pair.prompt()).isEqualTo("fix");
    assertThat(pair.rejected()).isEqualTo(rejected);
    assertThat(pair.chosen()).isEqualTo(rejected + ".1");
    assertThat(pair.chosenValue()).isEqualTo(0.6);
    assertThat(pair.depth()).isEqualTo(1);
    assertThat(pair.treeNodes()).isEqualTo(3);
    assertThat(pair.editDistance()).isEqualTo(2);
    assertThat(pair.similarity()).isEqualTo(1 - 2.0 / 4);
    assertThat(pair.lineage().iteration()).isEqualTo(2);
    assertThat(pair.lineage().judgeKind()).isEqualTo("llm");
    assertThat(pair.lineage().actorWeightsHash()).isEqualTo("hash-scripted");

    // the hopeless tree searched 15 nodes, produced its nodes and no training data
    assertThat(out.outcomes().get(3).treeNodes()).isEqualTo(15);
    assertThat(out.nodes().stream().filter(n -> n.instructionId().equals("i4"))).hasSize(16);
    assertThat(out.refinerExamples()).noneMatch(e -> e.instructionId().equals("i4"));
    assertThat(out.refinerPairs()).noneMatch(p -> p.instructionId().equals("i4"));
  }

  @Test
  void refinerDataFollowsTheSelectionRules() {
    RoundOutput out = run(world(), CONFIG, inputs().subList(0, 4));
    List<String> kinds =
        out.refinerExamples().stream().map(e -> e.instructionId() + ":" + e.kind()).toList();
    // i1: p2 has one dissenting No (contested majority Yes); i2: f1 has a dissenting Yes (contested
    // majority No);
    // the i2 tree gives a refinement, a high judgment (0.6) and a low one (0.4); unanimous
    // judgments give nothing
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            "i1:COLLECTION_JUDGMENT_YES",
            "i2:COLLECTION_JUDGMENT_NO",
            "i2:REFINEMENT",
            "i2:TREE_JUDGMENT_HIGH",
            "i2:TREE_JUDGMENT_LOW");
    RefinerExample refinement =
        out.refinerExamples().stream()
            .filter(e -> e.kind().equals("REFINEMENT"))
            .findFirst()
            .orElseThrow();
    assertThat(refinement.messages()).hasSize(3);
    assertThat(refinement.messages().get(2).content()).isEqualTo("REFINE");
    assertThat(refinement.completion()).contains("[[start]]").endsWith(".1[[end]]");
    assertThat(out.refinerPairs()).hasSize(1);
    assertThat(out.refinerPairs().get(0).chosen()).endsWith(".1[[end]]");
    assertThat(out.refinerPairs().get(0).rejected()).endsWith(".0[[end]]");

    RoundOutput capped =
        run(world(), CONFIG.withRft(new RftConfig(0, 1, 0, 1, 0)), inputs().subList(0, 4));
    assertThat(capped.refinerExamples().stream().map(RefinerExample::kind))
        .containsExactly("COLLECTION_JUDGMENT_NO", "TREE_JUDGMENT_HIGH");
  }

  @Test
  void aFailedTreeStillGivesItsContestedJudgmentsButNoRefinement() {
    SparScript script = world();
    for (String root : List.of("h1", "h2", "h3")) {
      for (int i = 0; i < 3; i++) {
        script.votes(root + "." + i, "YYNNN"); // V = 0.4: contested, still failing
      }
    }
    RoundOutput out = run(script, CONFIG, inputs().subList(0, 4));

    assertThat(out.outcomes().get(3).kind()).isEqualTo(OutcomeKind.SEARCH_FAILED);
    assertThat(out.actorPairs()).noneMatch(p -> p.instructionId().equals("i4"));
    assertThat(
            out.refinerExamples().stream()
                .filter(e -> e.instructionId().equals("i4"))
                .map(RefinerExample::kind))
        .containsExactly("TREE_JUDGMENT_LOW");
    RefinerExample low =
        out.refinerExamples().stream()
            .filter(e -> e.instructionId().equals("i4"))
            .findFirst()
            .orElseThrow();
    assertThat(low.value()).isEqualTo(0.4);
    assertThat(low.messages()).hasSize(1);
  }

  @Test
  void theSameSeedGivesTheSameOutputAndAnotherSeedMayNot() {
    RoundOutput a = run(world(), CONFIG, inputs().subList(0, 4));
    RoundOutput b = run(world(), CONFIG, inputs().subList(0, 4));
    assertThat(a.outcomes()).isEqualTo(b.outcomes());
    assertThat(a.samples()).isEqualTo(b.samples());
    assertThat(a.nodes()).isEqualTo(b.nodes());
    assertThat(a.actorPairs()).isEqualTo(b.actorPairs());
    assertThat(a.refinerExamples()).isEqualTo(b.refinerExamples());
    assertThat(a.refinerPairs()).isEqualTo(b.refinerPairs());
  }

  @Test
  void modelCallsDoNotGrowWithTheBatch() {
    SparScript one = new SparScript();
    run(one, CONFIG, List.of(Instruction.of("a", "q")));
    SparScript many = new SparScript();
    List<Instruction> batch = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batch.add(Instruction.of("id" + i, "q" + i));
    }
    RoundOutput out = run(many, CONFIG, batch);
    // actor, collection judge, then 3 BFS levels of refine + judge
    assertThat(many.model.callCount()).isEqualTo(one.model.callCount()).isEqualTo(8);
    assertThat(many.model.calls().get(0)).hasSize(40);
    assertThat(many.model.calls().get(1)).hasSize(120);
    assertThat(out.stats().searchFailed()).isEqualTo(40);
  }

  @Test
  void actorAndRefinerMayBeDifferentModels() {
    SparScript refinerWorld = new SparScript(new ScriptedLanguageModel("refiner"));
    ScriptedLanguageModel actor =
        new ScriptedLanguageModel("actor").on(last -> true, (m, i, seed) -> "a" + i);
    refinerWorld.votes("a0.0", "YYYYY").votes("a1.0", "YYYYY").votes("a2.0", "YYYYY");
    MajorityVoteJudge judge =
        new MajorityVoteJudge(refinerWorld.model, SparScript.JUDGE, JudgeConfig.defaults());
    RoundOutput out =
        new SelfPlayRound(CONFIG, actor, refinerWorld.model, SparScript.chat(), judge, 0)
            .run(List.of(Instruction.of("x", "q")));
    assertThat(actor.callCount()).isEqualTo(1);
    assertThat(out.outcomes().get(0).kind()).isEqualTo(OutcomeKind.PAIR_FOUND);
    assertThat(out.actorPairs().get(0).lineage().actorModelId()).isEqualTo("actor");
    assertThat(out.actorPairs().get(0).lineage().refinerModelId()).isEqualTo("refiner");
  }

  @Test
  void createLoadsTheShippedPrompts() {
    SparScript script = new SparScript();
    SelfPlayRound round =
        SelfPlayStages.read(SparConfig.defaults()).round(script.model, script.model, 0);
    RoundOutput out = round.run(List.of(Instruction.of("x", "hello")));
    assertThat(out.outcomes()).hasSize(1);
    String judgePrompt = script.model.calls().get(1).get(0).prompt().toString();
    assertThat(judgePrompt).contains("Final Judgement").contains("hello-a0");
  }

  @Test
  void inferenceTreeSearchAnswersRefinesAndFallsBack() {
    SparScript script = world();
    script.answers.put("fix", List.of("f1"));
    script.answers.put("pass", List.of("p1"));
    script.answers.put("hopeless", List.of("h1"));
    var search =
        new InferenceTreeSearch(
            CONFIG,
            script.model,
            script.model,
            SparScript.chat(),
            new MajorityVoteJudge(script.model, SparScript.JUDGE, CONFIG.judge()));
    List<InferenceAnswer> answers =
        search.answer(
            List.of(
                Instruction.of("1", "pass"),
                Instruction.of("2", "fix"),
                Instruction.of("3", "hopeless")));
    assertThat(answers.stream().map(InferenceAnswer::source))
        .containsExactly("ACTOR", "REFINED", "FALLBACK");
    assertThat(answers.get(1).response()).isEqualTo("f1.1");
    assertThat(script.model.calls().get(0)).allMatch(r -> r.sampling().isGreedy());
  }
}
