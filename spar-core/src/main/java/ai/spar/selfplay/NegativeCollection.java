package ai.spar.selfplay;

import ai.spar.config.SeedDeriver;
import ai.spar.judge.Decision;
import ai.spar.judge.Judge;
import ai.spar.judge.JudgeItem;
import ai.spar.judge.Judgment;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Negative collection, the first stage of SPaR, written once for the self-play round and for
 * inference-time tree search: the actor samples answers to every instruction (one model call), the
 * judge judges every sample (one call), and one failed sample per instruction is drawn as the root
 * of its refinement tree (seeded by the job seed and the instruction's id, so a retry draws the
 * same root). Not thread-safe (the models are not).
 */
final class NegativeCollection {
  private final LanguageModel actor;
  private final Judge judge;
  private final SeedDeriver seeds;

  /**
   * @param actor the actor model; not closed here
   * @param judge the judge of the samples
   * @param seeds the job's seeds (judge seeds and the root choice derive from them)
   */
  NegativeCollection(LanguageModel actor, Judge judge, SeedDeriver seeds) {
    this.actor = actor;
    this.judge = judge;
    this.seeds = seeds;
  }

  /**
   * Samples, judges and draws roots for valid instructions.
   *
   * @param instructions valid instructions (see {@link Instruction#invalidReason()}), unique ids
   * @param sampling how the actor samples each instruction; its {@code n} is the number of samples
   *     the instruction must get
   * @return one collection per instruction, in order
   */
  List<CollectedAnswers> collect(
      List<Instruction> instructions, Function<Instruction, SamplingParams> sampling) {
    List<GenerationRequest> requests = new ArrayList<>(instructions.size());
    for (Instruction instruction : instructions) {
      requests.add(
          new GenerationRequest(Prompt.user(instruction.prompt()), sampling.apply(instruction)));
    }
    List<GenerationResult> answers = requests.isEmpty() ? List.of() : actor.generate(requests);
    Preconditions.checkState(
        answers.size() == requests.size(),
        "actor returned %s results for %s requests",
        answers.size(),
        requests.size());

    List<String> errors = new ArrayList<>(instructions.size());
    List<JudgeItem> items = new ArrayList<>();
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      GenerationResult answer = answers.get(i);
      int expected = requests.get(i).sampling().n();
      String error = actorError(answer, expected);
      errors.add(error);
      if (error != null) {
        continue;
      }
      for (int s = 0; s < expected; s++) {
        items.add(
            new JudgeItem(
                instruction.prompt(),
                answer.texts().get(s),
                instruction.constraints(),
                seeds.derive(instruction.id(), SeedDeriver.COLLECTION_JUDGE, s)));
      }
    }
    List<Judgment> judgments = items.isEmpty() ? List.of() : judge.judge(items);

    List<CollectedAnswers> collected = new ArrayList<>(instructions.size());
    int next = 0;
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      if (errors.get(i) != null) {
        collected.add(CollectedAnswers.failed(instruction, errors.get(i)));
        continue;
      }
      List<String> texts = answers.get(i).texts();
      List<Judgment> own = judgments.subList(next, next + texts.size());
      next += texts.size();
      collected.add(
          new CollectedAnswers(instruction, null, texts, own, rootSample(instruction, own)));
    }
    return collected;
  }

  /** Why the actor's answer is unusable, or {@code null}. */
  private static String actorError(GenerationResult answer, int expected) {
    if (!answer.isOk()) {
      return "actor: " + answer.error().orElseThrow();
    }
    if (answer.completions().size() != expected) {
      return String.format(
          Locale.ROOT,
          "actor returned %d samples, expected %d",
          answer.completions().size(),
          expected);
    }
    return null;
  }

  /** The seeded draw among the failed samples, or -1 when none failed. */
  private int rootSample(Instruction instruction, List<Judgment> judgments) {
    List<Integer> failed = new ArrayList<>();
    for (int s = 0; s < judgments.size(); s++) {
      if (judgments.get(s).decision() == Decision.FAIL) {
        failed.add(s);
      }
    }
    if (failed.isEmpty()) {
      return -1;
    }
    SplittableRandom random =
        new SplittableRandom(seeds.derive(instruction.id(), SeedDeriver.ROOT_CHOICE, 0));
    return failed.get(random.nextInt(failed.size()));
  }
}
