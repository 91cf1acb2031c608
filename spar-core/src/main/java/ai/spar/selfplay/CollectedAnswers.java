package ai.spar.selfplay;

import ai.spar.judge.Decision;
import ai.spar.judge.Judgment;
import ai.spar.search.TreeRoot;
import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Optional;

/**
 * What negative collection gathered for one instruction: the actor's samples with their judgments
 * and the failed sample drawn as the tree root, or why the actor gave nothing usable.
 *
 * @param instruction the instruction
 * @param error why the actor's answer is unusable (a model error, a wrong sample count), or {@code
 *     null}; with an error there are no samples
 * @param texts the actor's samples, in sample order
 * @param judgments the judgment of each sample, in the same order
 * @param rootSample the index of the failed sample drawn as the tree root, or -1 when no sample
 *     failed (or on error)
 */
record CollectedAnswers(
    Instruction instruction,
    String error,
    List<String> texts,
    List<Judgment> judgments,
    int rootSample) {
  CollectedAnswers {
    Preconditions.checkArgument(instruction != null, "instruction must not be null");
    texts = List.copyOf(texts);
    judgments = List.copyOf(judgments);
    Preconditions.checkArgument(
        texts.size() == judgments.size(),
        "texts and judgments must have the same size, but were: %s and %s",
        texts.size(),
        judgments.size());
    Preconditions.checkArgument(
        rootSample >= -1 && rootSample < texts.size(),
        "rootSample must be in [-1, %s), but was: %s",
        texts.size(),
        rootSample);
  }

  static CollectedAnswers failed(Instruction instruction, String error) {
    return new CollectedAnswers(instruction, error, List.of(), List.of(), -1);
  }

  /** Whether the actor's answer could be used (samples were judged). */
  boolean isOk() {
    return error == null;
  }

  /** How many samples passed. */
  int passed() {
    return (int) judgments.stream().filter(j -> j.decision() == Decision.PASS).count();
  }

  /** How many samples failed. */
  int failed() {
    return (int) judgments.stream().filter(j -> j.decision() == Decision.FAIL).count();
  }

  /** The tree root: the drawn failed sample with its judgment; empty when no sample failed. */
  Optional<TreeRoot> root() {
    if (rootSample < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new TreeRoot(
            instruction.id(),
            instruction.prompt(),
            instruction.constraints(),
            texts.get(rootSample),
            judgments.get(rootSample)));
  }
}
