package ai.spar.spark;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small job the end-to-end tests run on the tiny fixtures: two-row batches, two samples, three
 * votes, 12-token budgets, shallow trees, and the rules-veto judge, so that constrained answers
 * that break a rule become tree roots and the search runs too.
 */
public final class SmallJob {
  private SmallJob() {}

  /**
   * The configuration, with {@code extra} (partitions, the model section, ...) applied last.
   *
   * @param name the name error messages give the configuration
   */
  public static SparConfig config(String name, Path input, Path output, Map<String, String> extra) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("job.input", input.toString());
    overrides.put("job.output", output.toString());
    overrides.put("job.batch_size", "2");
    overrides.put("actor.samples", "2");
    overrides.put("actor.max_new_tokens", "12");
    overrides.put("judge.votes", "3");
    overrides.put("judge.max_new_tokens", "12");
    overrides.put("refine.max_new_tokens", "12");
    overrides.put("search.branch", "2");
    overrides.put("search.max_depth", "2");
    overrides.put("judge.mode", "rules_veto");
    overrides.put("refine.format_attempts", "1");
    overrides.put("model.device", "cpu");
    overrides.putAll(extra);
    return SparConfigLoader.parse("", name, overrides);
  }
}
