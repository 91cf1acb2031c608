package ai.spar.config;

import com.google.common.base.Preconditions;

/**
 * The iteration loop ({@code spar iterate}): generate, train the actor (DPO) and the refiner (SFT),
 * evaluate, gate.
 *
 * @param root the loop's directory: {@code iterations.json}, the job's tables under {@code data/},
 *     checkpoints under {@code models/}, evaluations under {@code eval/}
 * @param iterations how many iterations one {@code spar iterate} runs, {@code >= 1} (the paper runs
 *     3)
 * @param dpoConfig the actor's DPO training configuration (a trainer YAML file); empty for the
 *     trainer's defaults
 * @param sftConfig the refiner's SFT training configuration; empty for the trainer's defaults
 * @param evalInput IFEval-style prompts (JSONL with {@code key}/{@code id}, {@code prompt}, {@code
 *     instruction_id_list}, {@code kwargs}) the actor is evaluated on; empty for the bundled 541
 *     IFEval prompts
 * @param evalPrompts evaluate on the first N prompts only; 0 for all
 * @param evalMaxNewTokens the longest evaluated answer, in tokens
 * @param gateTolerance the promotion gate: the new actor's IFEval average (prompt and instruction
 *     level, strict and loose) on the dev set may drop at most this much below its predecessor's;
 *     in [0, 1]
 * @param gateInput the gate's dev set (same format as {@code evalInput}), disjoint from the
 *     evaluation set by prompt text; empty to hold out {@code gateShare} of the evaluation prompts
 *     instead. The gate never decides on the prompts the loop reports: choosing models on the test
 *     set would bias every reported number
 * @param gateShare the share of the evaluation prompts held out as the dev set when {@code
 *     gateInput} is empty (chosen by a hash of the prompt text, so the split is stable), in (0, 1)
 */
public record LoopConfig(
    String root,
    int iterations,
    String dpoConfig,
    String sftConfig,
    String evalInput,
    int evalPrompts,
    int evalMaxNewTokens,
    double gateTolerance,
    String gateInput,
    double gateShare) {
  public static final String DEFAULT_ROOT = "work/loop";
  public static final int DEFAULT_ITERATIONS = 3;
  public static final int DEFAULT_EVAL_MAX_NEW_TOKENS = 1024;
  public static final double DEFAULT_GATE_TOLERANCE = 0.01;
  public static final double DEFAULT_GATE_SHARE = 0.3;

  public LoopConfig {
    Preconditions.checkArgument(root != null && !root.isBlank(), "loop.root must name a directory");
    Preconditions.checkArgument(
        iterations >= 1, "loop.iterations must be >= 1, but was: %s", iterations);
    dpoConfig = dpoConfig == null ? "" : dpoConfig;
    sftConfig = sftConfig == null ? "" : sftConfig;
    evalInput = evalInput == null ? "" : evalInput;
    Preconditions.checkArgument(
        evalPrompts >= 0, "loop.eval_prompts must be >= 0 (0 = all), but was: %s", evalPrompts);
    Preconditions.checkArgument(
        evalMaxNewTokens >= 1,
        "loop.eval_max_new_tokens must be >= 1, but was: %s",
        evalMaxNewTokens);
    Preconditions.checkArgument(
        gateTolerance >= 0 && gateTolerance <= 1,
        "loop.gate_tolerance must be in [0, 1], but was: %s",
        gateTolerance);
    gateInput = gateInput == null ? "" : gateInput;
    // an absent key binds as 0: the default share
    gateShare = gateShare == 0 ? DEFAULT_GATE_SHARE : gateShare;
    Preconditions.checkArgument(
        gateShare > 0 && gateShare < 1,
        "loop.gate_share must be in (0, 1), but was: %s",
        gateShare);
  }

  public static LoopConfig defaults() {
    return new LoopConfig(
        DEFAULT_ROOT,
        DEFAULT_ITERATIONS,
        "",
        "",
        "",
        0,
        DEFAULT_EVAL_MAX_NEW_TOKENS,
        DEFAULT_GATE_TOLERANCE,
        "",
        DEFAULT_GATE_SHARE);
  }
}
