package ai.spar.cli;

import ai.spar.bench.BenchmarkHeadline;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.loop.IterationLoop;
import ai.spar.loop.LoopState;
import ai.spar.loop.LoopState.IterationRecord;
import ai.spar.miniature.MiniTask;
import ai.spar.miniature.MiniTaskSynthesizer;
import ai.spar.miniature.PairAudit;
import ai.spar.miniature.ShippedModel;
import ai.spar.miniature.WordBank;
import ai.spar.miniature.dataset.InstructionJsonl;
import ai.spar.miniature.dataset.MiniatureDataConfig;
import ai.spar.report.ReportInputs;
import ai.spar.report.SparReport;
import ai.spar.spark.DjlModelLoader;
import ai.spar.spark.GenerateCommand;
import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainConfig;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spar demo}: the embedded default. Synthesizes verifiable instructions, prepares a small
 * model, runs one full SPaR iteration (local Spark generation with tree search, DPO for the actor,
 * SFT for the refiner, evaluation before and after) and explains what came out.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run one complete SPaR iteration on a small model and bundled data, then explain the results.",
      "Everything lands under --root (default work/demo); the model is cached under work/models/."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--root",
      defaultValue = "work/demo",
      description = "Where the demo writes (default: ${DEFAULT-VALUE}).")
  Path root;

  @Option(
      names = "--instructions",
      defaultValue = "16",
      description = "Training instructions (default: ${DEFAULT-VALUE}).")
  int instructions;

  @Option(
      names = "--eval-prompts",
      defaultValue = "12",
      description = "Held-out evaluation prompts (default: ${DEFAULT-VALUE}).")
  int evalPrompts;

  @Option(
      names = "--spark-master",
      description = "Spark master (default: local[*]).",
      paramLabel = "URL")
  String sparkMaster;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    Path base = root.toAbsolutePath();
    Path model = ShippedModel.copyTo(Paths.get("work/models/miniature").toAbsolutePath());
    Path input = base.resolve("instructions.jsonl");
    Path eval = base.resolve("eval.jsonl");
    Path dev = base.resolve("dev.jsonl");
    Map<String, MiniTask> tasks = miniatureInstructions(input, eval, dev);
    deleteTree(base.resolve("loop"));

    System.out.println("SPaR demo");
    System.out.println("=========");
    System.out.printf(Locale.ROOT, "model:        %s%n", model);
    System.out.println(
        "              the miniature: a 4M-parameter Llama this project trained from scratch on its own"
            + " synthetic tasks (see its README and conf/miniature/README.md).");
    BenchmarkHeadline.read().ifPresent(h -> System.out.println(h.describe("              ")));
    System.out.printf(Locale.ROOT, "instructions: %s (%d verifiable tasks)%n", input, instructions);
    System.out.printf(Locale.ROOT, "evaluation:   %s (%d held-out prompts)%n%n", eval, evalPrompts);

    Map<String, String> overrides = demoOverrides(base, model, input, eval);
    overrides.put("loop.gate_input", dev.toString());
    // the miniature's own SPaR and training settings (conf/miniature/), on the demo's files
    SparConfig config = SparConfigLoader.resolve(MINIATURE_CONFIG, overrides);
    TrainConfig dpo = IterateCommand.trainConfig(config.loop().dpoConfig(), Objective.DPO);
    TrainConfig sft = IterateCommand.trainConfig(config.loop().sftConfig(), Objective.SFT);
    SparkSession[] session = new SparkSession[1];
    IterationLoop loop =
        new IterationLoop(
            config,
            () -> session[0] = GenerateCommand.session(sparkMaster),
            new DjlModelLoader(config.model().maxBatchTokens()),
            dpo,
            sft);
    int code = loop.run(Optional.of(0), 1);
    IterationRecord record = LoopState.read(loop.stateFile()).iteration(0).orElseThrow();
    summarize(record, session[0], base, tasks, (System.nanoTime() - start) / 1_000_000_000.0);
    return code;
  }

  static final String MINIATURE_CONFIG = "conf/miniature/spar.yaml";

  /** Held-out prompts of the gate's dev set in the miniature demo. */
  static final int DEV_PROMPTS = 12;

  /**
   * The miniature's own kind of tasks, drawn exactly as its data was (seed 0: held-out, training,
   * SFT sets, disjoint by prompt), so the demo never trains or evaluates on what the base model was
   * fine-tuned on; the gate's dev prompts follow the evaluation prompts in the held-out set.
   *
   * @return the training tasks by id (to check pairs with the IFEval checkers)
   */
  private Map<String, MiniTask> miniatureInstructions(Path input, Path eval, Path dev) {
    List<List<MiniTask>> sets =
        new MiniTaskSynthesizer(WordBank.bundled())
            .disjointSets(
                MiniatureDataConfig.DEFAULT_SEED,
                MiniatureDataConfig.DEFAULT_EVAL,
                MiniatureDataConfig.DEFAULT_TRAIN); // the SFT set comes after: no need to draw it
    List<MiniTask> train = sets.get(1).subList(0, instructions);
    InstructionJsonl.write(train, input);
    InstructionJsonl.write(sets.get(0).subList(0, evalPrompts), eval);
    InstructionJsonl.write(sets.get(0).subList(evalPrompts, evalPrompts + DEV_PROMPTS), dev);
    Map<String, MiniTask> byId = new LinkedHashMap<>();
    train.forEach(t -> byId.put(t.id(), t));
    return byId;
  }

  private static Map<String, String> demoOverrides(Path base, Path model, Path input, Path eval) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("model.actor", model.toString());
    o.put("job.input", input.toString());
    o.put("loop.root", base.resolve("loop").toString());
    o.put("loop.iterations", "1");
    o.put("loop.eval_input", eval.toString());
    return o;
  }

  @SuppressWarnings("unchecked")
  private static void summarize(
      IterationRecord record,
      SparkSession spark,
      Path base,
      Map<String, MiniTask> tasks,
      double seconds) {
    Map<String, Object> generate = record.steps().get("generate").outputs();
    System.out.println();
    System.out.println("Results of iteration 0");
    System.out.println("----------------------");
    System.out.printf(
        Locale.ROOT,
        "outcomes:     %s%n",
        ConsoleFormat.counts((Map<String, Object>) generate.get("outcomes")));
    Map<String, Object> tables = (Map<String, Object>) generate.get("tables");
    System.out.printf(
        Locale.ROOT,
        "pairs found:  %s actor pairs, %s refiner examples, %s refiner pairs%n",
        tables.get("actor_pairs"),
        tables.get("refiner_sft"),
        tables.get("refiner_pairs"));
    String data = (String) generate.get("data");
    if (spark != null && ((Number) tables.get("actor_pairs")).longValue() > 0) {
      showPair(spark, data, tasks);
    }
    for (String step : List.of("train_actor", "train_refiner")) {
      System.out.printf(
          Locale.ROOT,
          "%-14s%s%n",
          step.replace('_', ' ') + ":",
          ConsoleFormat.training(record.steps().get(step).outputs()));
    }
    Map<String, Object> after =
        (Map<String, Object>) record.steps().get("evaluate").outputs().get("metrics");
    System.out.printf(
        Locale.ROOT,
        "accuracy:     prompt-level strict %.3f -> %.3f, instruction-level strict %.3f -> %.3f%n",
        number(record.baseline(), "prompt_strict"),
        number(after, "prompt_strict"),
        number(record.baseline(), "instruction_strict"),
        number(after, "instruction_strict"));
    System.out.printf(
        Locale.ROOT,
        "gate:         %s%n",
        ConsoleFormat.gate(record.steps().get("gate").outputs()));
    System.out.printf(
        Locale.ROOT,
        "tables:       %s/{outcomes,samples,trees,actor_pairs,refiner_sft,refiner_pairs}%n",
        data);
    System.out.printf(Locale.ROOT, "state:        %s%n", base.resolve("loop/iterations.json"));
    System.out.println(
        "try:          spark-sql -e \"SELECT outcome, count(*) FROM parquet.\\`"
            + data
            + "/outcomes\\` GROUP BY outcome\"");
    ReportCommand.writeBeside(
        ReportInputs.ofLoop(base.resolve("loop")),
        base.resolve(SparReport.FILE_NAME).toString(),
        System.out,
        "report:       ");
    System.out.printf(Locale.ROOT, "time:         %.0f s%n", seconds);
  }

  /**
   * The most minimal pair the IFEval checkers confirm (its rejected answer fails, its chosen one
   * passes), or, when the checkers confirm none (or the tasks are unknown), the most minimal pair
   * with a note.
   */
  private static void showPair(SparkSession spark, String data, Map<String, MiniTask> tasks) {
    List<Row> pairs =
        spark
            .read()
            .parquet(data + "/actor_pairs")
            .orderBy(org.apache.spark.sql.functions.col("similarity").desc())
            .collectAsList();
    Row shown = pairs.get(0);
    String verdict = "not checked: the demo's tasks carry no known constraints";
    if (!tasks.isEmpty()) {
      verdict = "NOT confirmed by the IFEval checkers (the judge erred)";
      for (Row pair : pairs) {
        MiniTask task = tasks.get(pair.<String>getAs("instruction_id"));
        if (task != null
            && PairAudit.passes(task, pair.getAs("chosen"))
            && !PairAudit.passes(task, pair.getAs("rejected"))) {
          shown = pair;
          verdict =
              "confirmed by the IFEval checkers: the rejected answer fails, the chosen passes";
          break;
        }
      }
    }
    System.out.println("example pair (rejected -> chosen; [-removed-] {+added+}):");
    System.out.println("  prompt:   " + oneLine(shown.getAs("prompt")));
    System.out.println(
        "  diff:     " + oneLine(WordDiff.of(shown.getAs("rejected"), shown.getAs("chosen"))));
    System.out.println("  checkers: " + verdict);
  }

  private static double number(Map<String, Object> metrics, String key) {
    return ((Number) metrics.get(key)).doubleValue();
  }

  private static String oneLine(String text) {
    String flat = text.replace('\n', ' ');
    return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}
