package ai.spar.bench;

import ai.spar.config.JudgeMode;
import ai.spar.config.SearchPolicy;
import ai.spar.config.SparConfig;
import ai.spar.data.RoundOutput;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.ifeval.InstructionVerifier;
import ai.spar.ifeval.VerifiableInstructions;
import ai.spar.judge.Judge;
import ai.spar.llm.LanguageModel;
import ai.spar.refine.RefinementChat;
import ai.spar.selfplay.Instruction;
import ai.spar.selfplay.MeteredLanguageModel;
import ai.spar.selfplay.SelfPlayRound;
import ai.spar.selfplay.SelfPlayStages;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures what a self-play round costs on a model: {@code generate} calls, requests per call
 * (batch occupancy) and generated tokens per instruction, per search policy. The judge is the
 * configured one (the LLM judge by default; rule judges decide without model calls and check with
 * the strict IFEval verifier).
 */
public final class SelfPlayBenchmark {
  /** The batch size the issue asks the benchmark to report on. */
  public static final int DEFAULT_INSTRUCTIONS = 64;

  private static final String IFEVAL_PROMPTS = "/ai/spar/ifeval/input_data.jsonl";

  private SelfPlayBenchmark() {}

  /**
   * Runs one round per policy on the same instructions with the same seed.
   *
   * @param model actor, refiner and judge at once; not closed here
   * @param chat the refine chat (its judgment prompt is also the judge's)
   */
  public static List<SelfPlayBenchmarkResult> run(
      LanguageModel model,
      SparConfig config,
      RefinementChat chat,
      List<Instruction> instructions,
      List<SearchPolicy> policies) {
    Preconditions.checkArgument(!instructions.isEmpty(), "instructions must not be empty");
    List<SelfPlayBenchmarkResult> results = new ArrayList<>();
    for (SearchPolicy policy : policies) {
      SparConfig run = config.withSearch(config.search().withPolicy(policy));
      MeteredLanguageModel metered = new MeteredLanguageModel(model);
      InstructionVerifier verifier =
          run.judge().mode() == JudgeMode.LLM ? null : IfevalVerifier.strict();
      Judge judge = SelfPlayStages.judgeFor(run.judge(), metered, chat.judgePrompt(), verifier);
      long start = System.nanoTime();
      RoundOutput output =
          new SelfPlayRound(run, metered, metered, chat, judge, 0).run(instructions);
      long millis = (System.nanoTime() - start) / 1_000_000;
      results.add(
          new SelfPlayBenchmarkResult(
              policy.name(),
              instructions.size(),
              metered.calls(),
              metered.requests(),
              metered.calls() == 0 ? 0 : (double) metered.requests() / metered.calls(),
              metered.generatedTokens(),
              (double) metered.generatedTokens() / instructions.size(),
              millis,
              output.stats()));
    }
    return results;
  }

  /**
   * The first {@code count} IFEval prompts bundled with the core, with their verifiable
   * constraints.
   */
  public static List<Instruction> bundledInstructions(int count) {
    Preconditions.checkArgument(count >= 1, "count must be >= 1, but was: %s", count);
    ObjectMapper mapper = new ObjectMapper();
    List<Instruction> instructions = new ArrayList<>(count);
    try (InputStream in = SelfPlayBenchmark.class.getResourceAsStream(IFEVAL_PROMPTS)) {
      Preconditions.checkState(in != null, "missing resource %s", IFEVAL_PROMPTS);
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while (instructions.size() < count && (line = reader.readLine()) != null) {
        Map<String, Object> row = mapper.readValue(line, new TypeReference<>() {});
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) row.get("instruction_id_list");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> kwargs = (List<Map<String, Object>>) row.get("kwargs");
        instructions.add(
            new Instruction(
                "ifeval-" + row.get("key"),
                (String) row.get("prompt"),
                new VerifiableInstructions(ids, kwargs)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + IFEVAL_PROMPTS, e);
    }
    Preconditions.checkArgument(
        instructions.size() == count,
        "count must be at most %s (the bundled prompts), but was: %s",
        instructions.size(),
        count);
    return instructions;
  }
}
