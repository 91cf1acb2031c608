package ai.spar.bench;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.loop.IterationLoop;
import ai.spar.loop.LoopState.IterationRecord;
import ai.spar.miniature.MiniTask;
import ai.spar.miniature.MiniTaskSynthesizer;
import ai.spar.miniature.PairAudit;
import ai.spar.miniature.ShippedModel;
import ai.spar.miniature.WordBank;
import ai.spar.miniature.dataset.InstructionJsonl;
import ai.spar.miniature.dataset.MiniatureDataConfig;
import ai.spar.spark.DjlModelLoader;
import ai.spar.spark.GenerateCommand;
import ai.spar.spark.OutputTable;
import com.google.common.base.Preconditions;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code spar demo}'s run: one complete SPaR iteration ({@link IterationLoop}) of the shipped
 * miniature on its own kind of verifiable tasks, with the miniature's SPaR and training settings
 * ({@value #MINIATURE_CONFIG}). {@link #prepare} writes the inputs under the root; {@link #run}
 * runs the iteration and picks an example pair. Everything lands under the root; the model is
 * copied to {@code work/models/miniature}.
 */
public final class MiniatureDemo {
  /** The miniature's configuration (its SPaR settings and {@code loop.dpo_config}/sft). */
  public static final String MINIATURE_CONFIG = "conf/miniature/spar.yaml";

  /** Held-out prompts of the gate's dev set. */
  public static final int DEV_PROMPTS = 12;

  private final Path root;
  private final Path modelDir;
  private final int instructions;
  private final int evalPrompts;
  private final String sparkMaster;

  /**
   * @param root where the demo writes (absolute or relative to the working directory)
   * @param modelDir where the shipped model is copied
   * @param instructions training instructions, > 0
   * @param evalPrompts held-out evaluation prompts, > 0
   * @param sparkMaster the Spark master, or {@code null} for local Spark
   */
  public MiniatureDemo(
      Path root, Path modelDir, int instructions, int evalPrompts, String sparkMaster) {
    Preconditions.checkArgument(
        instructions > 0, "instructions must be > 0, but was: %s", instructions);
    Preconditions.checkArgument(
        evalPrompts > 0, "evalPrompts must be > 0, but was: %s", evalPrompts);
    this.root = root.toAbsolutePath();
    this.modelDir = modelDir.toAbsolutePath();
    this.instructions = instructions;
    this.evalPrompts = evalPrompts;
    this.sparkMaster = sparkMaster;
  }

  /**
   * The demo's inputs, written.
   *
   * @param model the shipped miniature's copy
   * @param input the training instructions
   * @param eval the held-out evaluation prompts
   * @param dev the gate's dev prompts
   * @param tasks the training tasks by id (to check pairs with the IFEval checkers)
   */
  public record Inputs(Path model, Path input, Path eval, Path dev, Map<String, MiniTask> tasks) {
    public Inputs {
      tasks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }
  }

  /**
   * The iteration's example pair: the most minimal pair (highest similarity) the IFEval checkers
   * confirm (its rejected answer fails, its chosen one passes), else the most minimal pair.
   *
   * @param prompt the instruction
   * @param rejected the rejected answer
   * @param chosen the chosen answer
   * @param confirmed whether the checkers confirm it
   */
  public record ExamplePair(String prompt, String rejected, String chosen, boolean confirmed) {}

  /**
   * What the demo did.
   *
   * @param exitCode the loop's exit code ({@link IterationLoop#PROMOTED} or {@link
   *     IterationLoop#REJECTED})
   * @param iteration iteration 0 as recorded
   * @param pair the example pair, when the job found pairs
   * @param state the loop's state file
   */
  public record Result(
      int exitCode, IterationRecord iteration, Optional<ExamplePair> pair, Path state) {}

  /**
   * Copies the model, writes the miniature's own kind of tasks, drawn exactly as its data was (seed
   * 0: held-out, training, SFT sets, disjoint by prompt), so the demo never trains or evaluates on
   * what the base model was fine-tuned on (the gate's dev prompts follow the evaluation prompts in
   * the held-out set), and clears an earlier run's loop.
   */
  public Inputs prepare() {
    Path model = ShippedModel.copyTo(modelDir);
    Path input = root.resolve("instructions.jsonl");
    Path eval = root.resolve("eval.jsonl");
    Path dev = root.resolve("dev.jsonl");
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
    deleteTree(root.resolve("loop"));
    return new Inputs(model, input, eval, dev, byId);
  }

  /** Runs iteration 0 on the prepared inputs. */
  public Result run(Inputs inputs) {
    SparConfig config = SparConfigLoader.resolve(MINIATURE_CONFIG, overrides(inputs));
    SparkSession[] session = new SparkSession[1];
    IterationLoop loop =
        IterationLoop.of(
            config,
            () -> session[0] = GenerateCommand.session(sparkMaster),
            new DjlModelLoader(config.model().maxBatchTokens()));
    int code = loop.run(Optional.of(0), 1);
    IterationRecord record = loop.state().iteration(0).orElseThrow();
    Optional<ExamplePair> pair = Optional.empty();
    String data = record.steps().generate().outputs().data();
    if (session[0] != null
        && record.steps().generate().outputs().rows(OutputTable.ACTOR_PAIRS.tableName()) > 0) {
      pair = Optional.of(examplePair(session[0], data, inputs.tasks()));
    }
    return new Result(code, record, pair, loop.stateFile());
  }

  /** The loop's root: {@code <root>/loop}. */
  public Path loopRoot() {
    return root.resolve("loop");
  }

  private Map<String, String> overrides(Inputs inputs) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("model.actor", inputs.model().toString());
    o.put("job.input", inputs.input().toString());
    o.put("loop.root", loopRoot().toString());
    o.put("loop.iterations", "1");
    o.put("loop.eval_input", inputs.eval().toString());
    o.put("loop.gate_input", inputs.dev().toString());
    return o;
  }

  private static ExamplePair examplePair(
      SparkSession spark, String data, Map<String, MiniTask> tasks) {
    List<Row> pairs =
        spark
            .read()
            .parquet(data + "/actor_pairs")
            .orderBy(functions.col("similarity").desc())
            .collectAsList();
    for (Row pair : pairs) {
      MiniTask task = tasks.get(pair.<String>getAs("instruction_id"));
      if (task != null
          && PairAudit.passes(task, pair.getAs("chosen"))
          && !PairAudit.passes(task, pair.getAs("rejected"))) {
        return pair(pair, true);
      }
    }
    return pair(pairs.get(0), false);
  }

  private static ExamplePair pair(Row row, boolean confirmed) {
    return new ExamplePair(
        row.getAs("prompt"), row.getAs("rejected"), row.getAs("chosen"), confirmed);
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
