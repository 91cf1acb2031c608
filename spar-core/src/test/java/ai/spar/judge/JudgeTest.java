package ai.spar.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.config.JudgeConfig;
import ai.spar.config.JudgeMode;
import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.InstructionVerifier;
import ai.spar.ifeval.VerifiableInstructions;
import ai.spar.testing.SparScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeTest {
  private static final VerifiableInstructions NO_COMMA =
      new VerifiableInstructions(List.of("punctuation:no_comma"), List.of(Map.of()));

  /** Test double: fails a response that contains a comma. */
  private static final InstructionVerifier COMMA_CHECK =
      (instructions, prompt, response) -> {
        List<CheckResult> results = new ArrayList<>();
        for (String id : instructions.instructionIds()) {
          boolean ok = !response.contains(",");
          results.add(new CheckResult(id, ok, ok ? "no comma found" : "found a comma"));
        }
        return results;
      };

  @Test
  void majorityVoteTalliesParseableVotesAndKeepsTheFirstAgreeingCritique() {
    SparScript script = new SparScript();
    script.votes("a", "N?YYN").votes("b", "YN???").votes("c", "?????").votes("d", "YYYYY");
    MajorityVoteJudge judge =
        new MajorityVoteJudge(script.model, SparScript.JUDGE, JudgeConfig.defaults());
    List<Judgment> judgments =
        judge.judge(
            List.of(
                new JudgeItem("x", "a", null, 1),
                new JudgeItem("x", "b", null, 2),
                new JudgeItem("x", "c", null, 3),
                new JudgeItem("x", "d", null, 4)));

    assertThat(script.model.callCount()).isEqualTo(1);
    assertThat(script.model.calls().get(0)).allMatch(r -> r.sampling().n() == 5);
    Judgment a = judgments.get(0);
    assertThat(a.decision()).isEqualTo(Decision.UNDECIDED);
    assertThat(a.value()).isEqualTo(0.5);
    assertThat(a.votes()).hasSize(5);
    assertThat(judgments.get(1).decision()).isEqualTo(Decision.UNDECIDED);
    assertThat(judgments.get(2).decision()).isEqualTo(Decision.UNDECIDED);
    assertThat(judgments.get(2).unparseable()).isEqualTo(5);
    assertThat(judgments.get(3).decision()).isEqualTo(Decision.PASS);
    assertThat(judgments.get(3).value()).isEqualTo(1.0);
    assertThat(judgments.get(3).contested()).isFalse();
    assertThat(judgments).allMatch(j -> j.decidedBy().equals("llm"));

    List<Vote> votes =
        List.of(
            new Vote("v0 Final Judgement: No", Verdict.NO),
            new Vote("v1", Verdict.UNPARSEABLE),
            new Vote("v2 Final Judgement: Yes", Verdict.YES),
            new Vote("v3 Final Judgement: Yes", Verdict.YES));
    Judgment tally = Judgment.fromVotes(votes, Judgment.LLM);
    assertThat(tally.decision()).isEqualTo(Decision.PASS);
    assertThat(tally.value()).isEqualTo(2.0 / 3);
    assertThat(tally.critique()).isEqualTo("v2 Final Judgement: Yes");
    assertThat(tally.contested()).isTrue();
  }

  @Test
  void aFailedRequestIsAnErrorJudgmentNotAnException() {
    SparScript script = new SparScript();
    script.model.failOn(last -> last.contains("|boom|"));
    List<Judgment> judgments =
        new MajorityVoteJudge(script.model, SparScript.JUDGE, JudgeConfig.defaults())
            .judge(List.of(new JudgeItem("x", "boom", null, 1), new JudgeItem("x", "ok", null, 1)));
    assertThat(judgments.get(0).decision()).isEqualTo(Decision.ERROR);
    assertThat(judgments.get(0).error()).startsWith("scripted failure for: JUDGE|x|boom|END");
    assertThat(judgments.get(1).decision()).isEqualTo(Decision.FAIL);
  }

  @Test
  void aJudgePromptWithoutPlaceholdersIsRejected() {
    assertThatThrownBy(
            () ->
                new MajorityVoteJudge(
                    new SparScript().model,
                    new PromptTemplate("mine.txt", "judge {response}"),
                    JudgeConfig.defaults()))
        .hasMessage("prompt template mine.txt must contain the placeholder {instruction}");
  }

  @Test
  void ruleJudgeWritesACritiqueInTheJudgmentFormat() {
    List<Judgment> judgments =
        new RuleJudge(COMMA_CHECK)
            .judge(
                List.of(
                    new JudgeItem("x", "a, b", NO_COMMA, 0),
                    new JudgeItem("x", "a b", NO_COMMA, 0),
                    new JudgeItem("x", "a b", null, 0)));
    Judgment failed = judgments.get(0);
    assertThat(failed.decision()).isEqualTo(Decision.FAIL);
    assertThat(failed.value()).isEqualTo(0.0);
    assertThat(failed.critique())
        .isEqualTo(
            "Let me check each requirement of the instruction in turn.\n"
                + "1. punctuation:no_comma: not met. found a comma\n"
                + "1 of 1 requirements is not met.\n"
                + "Final Judgement: No");
    assertThat(VerdictParser.STRICT.parse(failed.critique())).isEqualTo(Verdict.NO);
    assertThat(judgments.get(1).value()).isEqualTo(1.0);
    assertThat(VerdictParser.REFERENCE.parse(judgments.get(1).critique())).isEqualTo(Verdict.YES);
    assertThat(judgments.get(2).decision()).isEqualTo(Decision.UNDECIDED);
    assertThat(judgments).allMatch(j -> j.decidedBy().equals("rules"));
  }

  @Test
  void rulesVetoDecidesFailuresAndLeavesTheRestToTheLlmInOneCall() {
    SparScript script = new SparScript();
    script.votes("a b", "YYYNN");
    Judge llm = new MajorityVoteJudge(script.model, SparScript.JUDGE, JudgeConfig.defaults());
    HybridJudge veto = new HybridJudge(JudgeMode.RULES_VETO, new RuleJudge(COMMA_CHECK), llm);
    List<Judgment> judgments =
        veto.judge(
            List.of(
                new JudgeItem("x", "a, b", NO_COMMA, 0),
                new JudgeItem("x", "a b", NO_COMMA, 0),
                new JudgeItem("x", "c", null, 0)));
    assertThat(judgments.stream().map(Judgment::decidedBy)).containsExactly("rules", "llm", "llm");
    assertThat(judgments.get(1).value()).isEqualTo(0.6);
    assertThat(script.model.callCount()).isEqualTo(1);
    assertThat(script.model.calls().get(0)).hasSize(2);
    assertThat(veto.kind()).isEqualTo("rules_veto");
    assertThatThrownBy(() -> new HybridJudge(JudgeMode.RULES, null, llm))
        .hasMessage("judge mode RULES needs a rule judge (an IFEval verifier), but none was given");
  }

  @Test
  void templatesRenderInOnePass() {
    PromptTemplate t = new PromptTemplate("t", "I={instruction} R={response} J={\"k\": 1}");
    assertThat(t.render("{response}", "r")).isEqualTo("I={response} R=r J={\"k\": 1}");
  }
}
