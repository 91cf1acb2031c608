package ai.spar.loop;

import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small loop the end-to-end tests run on tiny-llama with the rule-playing test model: two
 * IFEval prompts to evaluate on, short judge and refine prompts (the refine chat of the default
 * prompts exceeds tiny-llama's 512 positions), two-row batches and one-epoch training.
 */
public final class SmallLoop {
  private SmallLoop() {}

  /**
   * Writes the evaluation prompts and the short prompt files under {@code dir} and returns the
   * loop's configuration overrides, with its root at {@code dir/loop}.
   */
  public static Map<String, String> overrides(Path dir, Path model, Path input, int iterations)
      throws IOException {
    Path eval = dir.resolve("eval.jsonl");
    Files.write(
        eval,
        List.of(
            "{\"key\": 1, \"prompt\": \"Answer in lowercase.\", \"instruction_id_list\":"
                + " [\"change_case:english_lowercase\"], \"kwargs\": [{}]}",
            "{\"key\": 2, \"prompt\": \"An easy one, no commas.\", \"instruction_id_list\":"
                + " [\"punctuation:no_comma\"], \"kwargs\": [{}]}"));
    Path judge = dir.resolve("judge.txt");
    Files.writeString(
        judge,
        "Instruction:\n{instruction}\n\nResponse:\n{response}\nList each requirement and end with"
            + " Final Judgement: Yes or No.");
    Path refine = dir.resolve("refine.txt");
    Files.writeString(refine, "Improve it between [[start]] and [[end]].");
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("prompts.judge", judge.toString());
    overrides.put("prompts.refine", refine.toString());
    overrides.put("model.actor", model.toString());
    overrides.put("job.input", input.toString());
    overrides.put("job.batch_size", "2");
    overrides.put("actor.samples", "2");
    overrides.put("judge.votes", "3");
    overrides.put("loop.root", dir.resolve("loop").toString());
    overrides.put("loop.iterations", Integer.toString(iterations));
    overrides.put("loop.eval_input", eval.toString());
    overrides.put("loop.eval_max_new_tokens", "8");
    return overrides;
  }

  /** DPO for one epoch at lr 1e-3 on two-row batches of up to 128 tokens. */
  public static TrainConfig dpo() {
    return TrainConfig.defaults(Objective.DPO).with(SMALL);
  }

  /** SFT like {@link #dpo}, with the model's whole context (the refiner's prompts are long). */
  public static TrainConfig sft() {
    return TrainConfig.defaults(Objective.SFT).with(SMALL).with(Map.of("maxLength", 512));
  }

  private static final Map<String, Object> SMALL =
      Map.of("learningRate", 1e-3, "batchSize", 2, "maxLength", 128, "epochs", 1, "device", "cpu");
}
