package ai.spar.cli;

import ai.spar.bench.SelfPlayBenchmark;
import ai.spar.bench.SelfPlayBenchmarkResult;
import ai.spar.config.SearchPolicy;
import ai.spar.config.SparConfig;
import ai.spar.data.RoundStats;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.weights.TensorDType;
import ai.spar.miniature.DemoTokenizer;
import ai.spar.selfplay.Instruction;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spar bench search}: what one self-play round costs per search policy on a real model:
 * {@code generate} calls, requests per call (batch occupancy), generated tokens per instruction and
 * wall time, on the first IFEval prompts. Without {@code --model} it runs on a random-weight demo
 * checkpoint made in a temporary directory with the bundled demo tokenizer.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark a self-play round (actor sampling, judging, tree search) for BFS and DFS and print"
          + " a table.",
      "The defaults keep a run short on a CPU (small K, N and max_new_tokens; a small random demo"
          + " model): they are printed. A random model's judgments do not parse, so with the LLM"
          + " judge no tree is searched; --judge rules_veto lets failed IFEval rules open trees."
    })
public final class BenchSearchCommand implements Callable<Integer> {
  @Mixin ModelOptions modelOptions = new ModelOptions();

  @Mixin EngineOptions engineOptions = new EngineOptions();

  @Option(
      names = "--instructions",
      paramLabel = "N",
      description = "first N bundled IFEval prompts (default: ${DEFAULT-VALUE})")
  int instructions = SelfPlayBenchmark.DEFAULT_INSTRUCTIONS;

  @Option(
      names = "--policies",
      split = ",",
      paramLabel = "P",
      description = "search policies (default: bfs,dfs)")
  List<SearchPolicy> policies = List.of(SearchPolicy.BFS, SearchPolicy.DFS);

  @Option(
      names = "--samples",
      paramLabel = "K",
      description = "actor samples per instruction (default: ${DEFAULT-VALUE})")
  int samples = 2;

  @Option(
      names = "--votes",
      paramLabel = "N",
      description = "judgments per response (default: ${DEFAULT-VALUE})")
  int votes = 3;

  @Option(
      names = "--max-new-tokens",
      paramLabel = "T",
      description = "for actor, judge and refiner (default: ${DEFAULT-VALUE})")
  int maxNewTokens = 24;

  @Option(
      names = "--judge",
      paramLabel = "MODE",
      description = "llm, rules or rules_veto (default: ${DEFAULT-VALUE})")
  String judge = "llm";

  @Option(
      names = "--demo-hidden",
      paramLabel = "H",
      description = "demo model hidden size (default: ${DEFAULT-VALUE})")
  int demoHidden = 128;

  @Option(
      names = "--demo-layers",
      paramLabel = "L",
      description = "demo model layers (default: ${DEFAULT-VALUE})")
  int demoLayers = 2;

  @Option(
      names = "--demo-seed",
      paramLabel = "S",
      description = "demo model weights seed (default: ${DEFAULT-VALUE})")
  long demoSeed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("actor.samples", Integer.toString(samples));
    settings.put("actor.max_new_tokens", Integer.toString(maxNewTokens));
    settings.put("judge.votes", Integer.toString(votes));
    settings.put("judge.max_new_tokens", Integer.toString(maxNewTokens));
    settings.put("judge.mode", judge);
    settings.put("refine.max_new_tokens", Integer.toString(maxNewTokens));
    SparConfig config = engineOptions.load(settings);
    List<Instruction> batch;
    try {
      batch = SelfPlayBenchmark.bundledInstructions(instructions);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--instructions: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    Path demo = null;
    try {
      Path dir = modelOptions.hasModel() ? modelOptions.modelDirectory() : null;
      if (dir == null) {
        demo = Files.createTempDirectory("spar-bench-demo");
        dir = demo.resolve("demo-model");
        LlamaConfig shape = writeDemoModel(demo, dir);
        out.printf(
            Locale.ROOT,
            "demo model: random weights (seed %d), hidden %d, %d layers, 4 heads, 2 kv heads,"
                + " %,d parameters, demo tokenizer (vocab %d)%n",
            demoSeed,
            demoHidden,
            demoLayers,
            shape.parameterCount(),
            shape.vocabSize());
      }
      try (DjlLlamaModel model = DjlLlamaModel.load(dir, modelOptions.runtimeOptions())) {
        printSettings(out, model, config, batch.size());
        List<SelfPlayBenchmarkResult> results =
            SelfPlayBenchmark.run(
                model, config, engineOptions.stages(config).chat(), batch, policies);
        printTable(out, results);
      }
    } finally {
      if (demo != null) {
        deleteTree(demo);
      }
    }
    out.flush();
    return 0;
  }

  private LlamaConfig writeDemoModel(Path work, Path dir) {
    Path tokenizer = DemoTokenizer.copyTo(work.resolve("tokenizer"));
    return ModelInitCommand.write(
        new ModelInitCommand.Shape(
            ModelInitCommand.Arch.llama, demoHidden, demoLayers, 4, 2, 3 * demoHidden, 4096, false),
        tokenizer,
        demoSeed,
        dir,
        TensorDType.F32,
        1);
  }

  private static void printSettings(
      PrintWriter out, LanguageModel model, SparConfig config, int instructions) {
    out.printf(
        Locale.ROOT,
        "model %s (%s); %d instructions; K=%d actor samples (T=%s, top_p=%s), N=%d votes"
            + " (T=%s), judge %s; max_new_tokens actor/judge/refine %d/%d/%d; branch %d,"
            + " select_branch %d, max_depth %d, node_budget %d; seed %d%n",
        model.info().id(),
        model.info().weightsHash().substring(0, 12),
        instructions,
        config.actor().samples(),
        config.actor().temperature(),
        config.actor().topP(),
        config.judge().votes(),
        config.judge().temperature(),
        config.judge().mode().name().toLowerCase(Locale.ROOT),
        config.actor().maxNewTokens(),
        config.judge().maxNewTokens(),
        config.refine().maxNewTokens(),
        config.search().branch(),
        config.search().selectBranch(),
        config.search().maxDepth(),
        config.search().nodeBudget(),
        config.seed());
    out.flush();
  }

  static void printTable(PrintWriter out, List<SelfPlayBenchmarkResult> results) {
    out.printf(
        Locale.ROOT,
        "%-6s %6s %9s %9s %11s %13s %9s | %5s %6s %6s %9s %6s %6s%n",
        "policy",
        "calls",
        "requests",
        "req/call",
        "gen tokens",
        "tokens/instr",
        "wall s",
        "pairs",
        "failed",
        "undec",
        "all pass",
        "waves",
        "nodes");
    boolean anyTree = false;
    for (SelfPlayBenchmarkResult r : results) {
      RoundStats s = r.round();
      anyTree |= s.treeNodes() > 0 || s.waves() > 0;
      out.printf(
          Locale.ROOT,
          "%-6s %6d %9d %9.1f %11d %13.1f %9.1f | %5d %6d %6d %9d %6d %6d%n",
          r.policy().toLowerCase(Locale.ROOT),
          r.modelCalls(),
          r.requests(),
          r.requestsPerCall(),
          r.generatedTokens(),
          r.generatedTokensPerInstruction(),
          r.millis() / 1000.0,
          s.pairFound(),
          s.searchFailed(),
          s.undecided(),
          s.allPassed(),
          s.waves(),
          s.treeNodes());
    }
    if (!anyTree) {
      out.println(
          "note: no tree was searched (no response was judged a failure); a random-weight"
              + " model's judgments do not parse. Use a trained model, or --judge rules_veto.");
    }
  }

  private static void deleteTree(Path root) {
    try {
      MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
