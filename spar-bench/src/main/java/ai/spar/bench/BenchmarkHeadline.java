package ai.spar.bench;

import ai.spar.config.ConfFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The headline of the committed miniature experiment ({@value #FILE}, written by {@code spar bench
 * miniature --out}): where the SFT model starts and what the method's iterations changed on the
 * test set, with the paired standard error, so a newcomer sees what SPaR does.
 *
 * @param file the benchmark file
 * @param sftTest the SFT model's prompt-level strict accuracy on the test set
 * @param sftJudge the SFT model's judge accuracy
 * @param iterations the method arm's iterations
 * @param change the change of the test accuracy after the last iteration (refined pairs, LLM judge)
 * @param changeSe its paired standard error
 * @param versusIndependent refined minus independent pairs at the last iteration
 * @param versusIndependentSe its paired standard error
 * @param testPrompts the test set's size
 * @param seeds the repetitions
 */
public record BenchmarkHeadline(
    Path file,
    double sftTest,
    double sftJudge,
    int iterations,
    double change,
    double changeSe,
    double versusIndependent,
    double versusIndependentSe,
    int testPrompts,
    int seeds) {
  static final String FILE = "conf/miniature/results/experiment.json";

  /** The headline, or empty when the file is absent or not a full experiment. */
  public static Optional<BenchmarkHeadline> read() {
    Optional<Path> file = ConfFiles.locate(FILE);
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return Optional.empty();
    }
    try {
      JsonNode json = new ObjectMapper().readTree(Files.readString(file.get()));
      JsonNode stages = json.get("stages");
      JsonNode change = json.path("comparisons").path("last_vs_sft/refined-llm");
      JsonNode versus = json.path("comparisons").path("refined_vs_independent/llm");
      if (stages == null || change.isMissingNode()) {
        return Optional.empty();
      }
      return Optional.of(
          new BenchmarkHeadline(
              file.get(),
              stages.get(0).get("actor_prompt_strict").asDouble(),
              stages.get(0).get("judge_accuracy").asDouble(),
              stages.size() - 1,
              change.get("mean").asDouble(),
              change.get("se_paired").asDouble(),
              versus.path("mean").asDouble(),
              versus.path("se_paired").asDouble(),
              stages.get(0).get("test_prompts").asInt(),
              change.get("seeds").asInt()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Two lines for the console, each starting with {@code indent} (the first without it). */
  public String describe(String indent) {
    return String.format(
        Locale.ROOT,
        "benchmark:    (%s) the SFT model passes %.1f%% of %d test prompts and judges %.1f%% of"
            + " responses right;%n%safter %d SPaR iterations on refined pairs it passes %+.1f points"
            + " (paired SE %.1f, %d seed%s); refined vs independent pairs: %+.1f (SE %.1f)",
        file.getFileName(),
        100 * sftTest,
        testPrompts,
        100 * sftJudge,
        indent,
        iterations,
        100 * change,
        100 * changeSe,
        seeds,
        seeds == 1 ? "" : "s",
        100 * versusIndependent,
        100 * versusIndependentSe);
  }
}
