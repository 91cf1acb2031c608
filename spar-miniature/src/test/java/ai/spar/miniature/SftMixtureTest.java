package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.judge.Verdict;
import ai.spar.judge.VerdictParser;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.refine.Extraction;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SftMixtureTest {
  private static final int TASKS = 200;
  private static final int TWO_PAIRS = 2;
  private static List<MiniTask> tasks;
  private static List<SftRow> rows;
  private static Map<String, MiniTask> byId;

  @BeforeAll
  static void build() {
    tasks = MiniatureFixtures.tasks(9, TASKS);
    rows =
        new SftMixture(
                new MiniTeacher(MiniatureFixtures.BANK),
                MiniatureFixtures.chat(),
                SftMixture.DEFAULT_IMPERFECT_ANSWER_RATE,
                TWO_PAIRS)
            .rows(tasks, 9);
    byId = tasks.stream().collect(Collectors.toMap(MiniTask::id, Function.identity()));
  }

  @Test
  void answerRefinementAndOneJudgmentPairPerViolableConstraint() {
    MiniTeacher teacher = new MiniTeacher(MiniatureFixtures.BANK);
    int pairs = 0;
    int twoPairTasks = 0;
    for (MiniTask task : tasks) {
      int twins = Math.min(TWO_PAIRS, teacher.respondAll(task).size());
      pairs += twins;
      twoPairTasks += twins == 2 ? 1 : 0;
    }
    assertThat(twoPairTasks).as("tasks with two judged violations").isGreaterThan(TASKS / 4);
    assertThat(rows).hasSize(2 * TASKS + 2 * pairs);
    Map<SftRow.Kind, Long> kinds =
        rows.stream().collect(Collectors.groupingBy(SftRow::kind, Collectors.counting()));
    assertThat(kinds)
        .containsEntry(SftRow.Kind.ANSWER, (long) TASKS)
        .containsEntry(SftRow.Kind.JUDGMENT_YES, (long) pairs)
        .containsEntry(SftRow.Kind.JUDGMENT_NO, (long) pairs)
        .containsEntry(SftRow.Kind.REFINEMENT, (long) TASKS);
  }

  @Test
  void aTasksNoJudgmentsEachFindADifferentConstraintNotMet() {
    Map<String, List<String>> notMetLines =
        rows.stream()
            .filter(r -> r.kind() == SftRow.Kind.JUDGMENT_NO)
            .collect(
                Collectors.groupingBy(
                    SftRow::instructionId,
                    Collectors.mapping(
                        r ->
                            java.util.Arrays.stream(r.completion().split("\n"))
                                .filter(line -> line.endsWith("Not met."))
                                .findFirst()
                                .orElseThrow()
                                .replaceFirst(":.*", ""),
                        Collectors.toList())));
    assertThat(notMetLines.values()).allSatisfy(lines -> assertThat(lines).doesNotHaveDuplicates());
    assertThat(notMetLines.values()).anySatisfy(lines -> assertThat(lines).hasSize(2));
  }

  @Test
  void onePairPerTaskByDefaultMakesFourRowsPerTask() {
    assertThat(SftMixture.DEFAULT_JUDGMENT_PAIRS).isEqualTo(1);
    List<SftRow> four =
        new SftMixture(
                new MiniTeacher(MiniatureFixtures.BANK),
                MiniatureFixtures.chat(),
                SftMixture.DEFAULT_IMPERFECT_ANSWER_RATE,
                1)
            .rows(tasks, 9);
    assertThat(four).hasSize(4 * TASKS);
    assertThat(four.subList(0, 4))
        .extracting(SftRow::kind)
        .containsExactly(
            SftRow.Kind.ANSWER,
            SftRow.Kind.JUDGMENT_YES,
            SftRow.Kind.JUDGMENT_NO,
            SftRow.Kind.REFINEMENT);
  }

  @Test
  void everyJudgmentParsesToTheCheckersVerdictWithBothParsers() {
    for (SftRow row : rows) {
      if (row.kind() != SftRow.Kind.JUDGMENT_YES && row.kind() != SftRow.Kind.JUDGMENT_NO) {
        continue;
      }
      MiniTask task = byId.get(row.instructionId());
      String prompt = row.messages().get(0).content();
      assertThat(prompt).contains(task.prompt()).contains("Final Judgement: Yes");
      Verdict intended = row.kind() == SftRow.Kind.JUDGMENT_YES ? Verdict.YES : Verdict.NO;
      assertThat(VerdictParser.REFERENCE.parse(row.completion())).isEqualTo(intended);
      assertThat(VerdictParser.STRICT.parse(row.completion())).isEqualTo(intended);
      assertThat(row.completion().split("\n"))
          .hasSize(task.constraints().size() + 4); // intro, task, constraints, summary, verdict
    }
  }

  @Test
  void judgmentVerdictsFollowTheCheckers() {
    JudgmentWriter writer = new JudgmentWriter();
    MiniTeacher teacher = new MiniTeacher(MiniatureFixtures.BANK);
    for (MiniTask task : tasks) {
      TeacherResponses r = teacher.respond(task).orElseThrow();
      for (String response : List.of(r.compliant(), r.imperfect())) {
        boolean passes =
            IfevalVerifier.strict().verify(task.instructions(), task.prompt(), response).stream()
                .allMatch(CheckResult::passed);
        assertThat(writer.judge(task, response).follows()).isEqualTo(passes);
      }
    }
  }

  @Test
  void everyRefinementExtractsAndPassesEveryConstraint() {
    for (SftRow row : rows) {
      if (row.kind() != SftRow.Kind.REFINEMENT) {
        continue;
      }
      MiniTask task = byId.get(row.instructionId());
      assertThat(row.messages())
          .extracting(ChatMessage::role)
          .containsExactly(ChatMessage.USER, ChatMessage.ASSISTANT, ChatMessage.USER);
      assertThat(VerdictParser.STRICT.parse(row.messages().get(1).content())).isEqualTo(Verdict.NO);
      assertThat(row.completion().split("\n")[0])
          .startsWith("The requirement \"")
          .endsWith("so I will fix only that.");
      Extraction extraction = Extraction.fromReply(row.completion());
      assertThat(extraction).isInstanceOf(Extraction.Refined.class);
      String refined = ((Extraction.Refined) extraction).output();
      assertThat(IfevalVerifier.strict().verify(task.instructions(), task.prompt(), refined))
          .allMatch(CheckResult::passed);
    }
  }

  @Test
  void answersAreMostlyCompliant() {
    long compliant =
        rows.stream()
            .filter(r -> r.kind() == SftRow.Kind.ANSWER)
            .filter(
                r ->
                    IfevalVerifier.strict()
                        .verify(
                            byId.get(r.instructionId()).instructions(),
                            r.messages().get(0).content(),
                            r.completion())
                        .stream()
                        .allMatch(CheckResult::passed))
            .count();
    assertThat(compliant).isBetween((long) (0.8 * TASKS), (long) (0.97 * TASKS));
  }

  @Test
  void isDeterministicInTasksAndSeed() {
    List<SftRow> first =
        new SftMixture(
                new MiniTeacher(MiniatureFixtures.BANK),
                MiniatureFixtures.chat(),
                SftMixture.DEFAULT_IMPERFECT_ANSWER_RATE,
                TWO_PAIRS)
            .rows(MiniatureFixtures.tasks(9, 20), 9);
    assertThat(first).hasSizeGreaterThan(80);
    assertThat(first).isEqualTo(rows.subList(0, first.size()));
  }

  @Test
  void rejectsAnImperfectAnswerRateOutsideTheUnitInterval() {
    assertThatThrownBy(
            () ->
                new SftMixture(
                    new MiniTeacher(MiniatureFixtures.BANK), MiniatureFixtures.chat(), 1.5, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("imperfectAnswerRate must be in [0, 1], but was: 1.5");
  }

  @Test
  void rejectsFewerThanOneJudgmentPair() {
    assertThatThrownBy(
            () ->
                new SftMixture(
                    new MiniTeacher(MiniatureFixtures.BANK), MiniatureFixtures.chat(), 0.1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("judgmentPairs must be >= 1, but was: 0");
  }
}
