package ai.spar.loop;

import ai.spar.ifeval.IfevalPrompt;
import com.google.common.base.Preconditions;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The loop's two evaluation sets: the test set, whose numbers the loop reports, and the dev set, on
 * which the promotion gate decides. They never share a prompt: selecting models on the reported
 * prompts would bias every reported number.
 *
 * @param test the reported prompts
 * @param dev the gate's prompts
 */
record EvaluationSets(List<IfevalPrompt> test, List<IfevalPrompt> dev) {
  EvaluationSets {
    test = List.copyOf(test);
    dev = List.copyOf(dev);
  }

  /**
   * The sets from the evaluation prompts and an optional dev file. Without a dev file, the prompts
   * whose text hashes into the first {@code gateShare} of the hash range form the dev set (stable
   * under reordering and growth of the file) and the rest the test set. {@code evalPrompts > 0}
   * keeps the first that many test prompts.
   *
   * @throws IllegalArgumentException if the dev file shares a prompt with the evaluation prompts
   *     (naming it and both sources), or a set would be empty
   */
  static EvaluationSets of(
      List<IfevalPrompt> evaluation,
      String evaluationSource,
      Optional<List<IfevalPrompt>> devFile,
      String devSource,
      double gateShare,
      int evalPrompts) {
    List<IfevalPrompt> test = new ArrayList<>();
    List<IfevalPrompt> dev = new ArrayList<>();
    if (devFile.isPresent()) {
      Set<String> devPrompts = new HashSet<>();
      devFile.get().forEach(p -> devPrompts.add(p.prompt()));
      for (IfevalPrompt p : evaluation) {
        Preconditions.checkArgument(
            !devPrompts.contains(p.prompt()),
            "loop.gate_input %s shares prompt key %s of %s (\"%s\"): the gate's dev set must be"
                + " disjoint from the evaluation set",
            devSource,
            p.key(),
            evaluationSource,
            abbreviate(p.prompt()));
      }
      test.addAll(evaluation);
      dev.addAll(devFile.get());
    } else {
      long cut = (long) (gateShare * 10_000);
      for (IfevalPrompt p : evaluation) {
        long bucket =
            Math.floorMod(
                Hashing.murmur3_128().hashString(p.prompt(), StandardCharsets.UTF_8).asLong(),
                10_000L);
        (bucket < cut ? dev : test).add(p);
      }
    }
    if (evalPrompts > 0 && test.size() > evalPrompts) {
      test = test.subList(0, evalPrompts);
    }
    Preconditions.checkArgument(
        !test.isEmpty(), "the evaluation set %s leaves no test prompt", evaluationSource);
    Preconditions.checkArgument(
        !dev.isEmpty(),
        "the gate's dev set is empty (%s)",
        devFile.isPresent() ? devSource : "loop.gate_share of " + evaluationSource);
    return new EvaluationSets(test, dev);
  }

  private static String abbreviate(String prompt) {
    return prompt.length() <= 60 ? prompt : prompt.substring(0, 57) + "...";
  }
}
