package ai.spar.bench;

import ai.spar.llm.llama.GenerationConfig;
import ai.spar.llm.llama.LlamaCheckpointWriter;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.llama.LlamaInitializer;
import ai.spar.llm.weights.TensorDType;
import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainConfig;
import ai.spar.trainer.TrainingResult;
import ai.spar.trainer.TrainingRun;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Training throughput on a ~25M-parameter random Llama (hidden 512, 8 layers, 8 heads, 4 KV heads,
 * MLP 1408) with a given model's tokenizer and chat template: DPO and SFT policy tokens per second
 * at given batch sizes, the time spent on reference log-probs when computed and when read from the
 * cache, and the process's peak resident memory.
 */
public final class TrainBenchmark {
  /**
   * One measurement.
   *
   * @param objective DPO or SFT
   * @param batchSize examples per micro-batch
   * @param steps optimizer steps timed
   * @param tokensPerSecond policy tokens per second of step time
   * @param optimizerShare the share of step time in the gradient norm and the AdamW update
   * @param referenceSeconds reference log-prob time (DPO, first run: computed)
   * @param referenceShare reference time / (reference + training) time when computed
   * @param cachedReferenceSeconds reference time when read back from the cache (a restart)
   * @param peakRssMiB peak resident memory of the process so far
   * @param threads PyTorch intra-op threads in force (0: PyTorch's default)
   */
  public record Result(
      Objective objective,
      int batchSize,
      int steps,
      double tokensPerSecond,
      double optimizerShare,
      double referenceSeconds,
      double referenceShare,
      double cachedReferenceSeconds,
      long peakRssMiB,
      int threads) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s batch %d: %.0f policy tokens/s over %d steps (%.1f%% in the optimizer); reference %.2fs (%.1f%% of the run) computed, %.3fs"
              + " cached; peak RSS %d MiB; %d threads",
          objective,
          batchSize,
          tokensPerSecond,
          steps,
          100 * optimizerShare,
          referenceSeconds,
          100 * referenceShare,
          cachedReferenceSeconds,
          peakRssMiB,
          threads);
    }
  }

  private TrainBenchmark() {}

  /**
   * Runs the benchmark in {@code work} (created; the model and runs are written there).
   *
   * @param tokenizerModel a model directory whose tokenizer files and chat template are used
   * @param responseWords words per synthetic response (sets the sequence length)
   * @param threads PyTorch intra-op threads (0: auto, see {@link TrainConfig#threads()})
   */
  public static List<Result> run(
      Path work,
      Path tokenizerModel,
      int[] batchSizes,
      int steps,
      int responseWords,
      String device,
      int threads) {
    LlamaConfig tokConfig = LlamaConfig.load(tokenizerModel);
    LlamaConfig config =
        new LlamaConfig(
            LlamaConfig.LLAMA,
            tokConfig.vocabSize(),
            512,
            1408,
            8,
            8,
            4,
            64,
            2048,
            1e-5,
            10000.0,
            Optional.empty(),
            false,
            false,
            tokConfig.bosTokenId(),
            tokConfig.eosTokenIds(),
            1.0);
    Path model = work.resolve("model");
    LlamaCheckpointWriter.write(
        model,
        config,
        GenerationConfig.load(tokenizerModel),
        LlamaInitializer.randomWeights(config, 1),
        tokenizerModel,
        TensorDType.F32,
        1);
    List<Result> results = new ArrayList<>();
    for (int batch : batchSizes) {
      int rows = batch * steps;
      Path pairs =
          writePairs(work.resolve("pairs-" + batch + ".parquet"), rows, responseWords, false);
      Path sft = writePairs(work.resolve("sft-" + batch + ".parquet"), rows, responseWords, true);
      Map<String, Object> shared =
          Map.of(
              "batchSize",
              batch,
              "epochs",
              1,
              "maxLength",
              4096,
              "device",
              device,
              "threads",
              threads);
      TrainConfig base =
          TrainConfig.defaults(Objective.DPO).with(shared).with(Map.of("learningRate", 1e-5));
      Path out = work.resolve("dpo-" + batch);
      TrainingResult dpo =
          TrainingRun.dpo(model, Optional.empty(), List.of(pairs.toString()), out, base, steps);
      deleteCheckpoints(out);
      TrainingResult again =
          TrainingRun.dpo(model, Optional.empty(), List.of(pairs.toString()), out, base, 1);
      results.add(
          new Result(
              Objective.DPO,
              batch,
              dpo.steps(),
              dpo.tokensPerSecond(),
              dpo.optimizerSeconds() / dpo.trainSeconds(),
              dpo.referenceSeconds(),
              dpo.referenceSeconds() / (dpo.referenceSeconds() + dpo.trainSeconds()),
              again.referenceSeconds(),
              peakRssMiB(),
              dpo.threads()));
      TrainConfig sftConfig = TrainConfig.defaults(Objective.SFT).with(shared);
      TrainingResult s =
          TrainingRun.sft(
              model, List.of(sft.toString()), work.resolve("sft-" + batch), sftConfig, steps);
      results.add(
          new Result(
              Objective.SFT,
              batch,
              s.steps(),
              s.tokensPerSecond(),
              s.optimizerSeconds() / s.trainSeconds(),
              0,
              0,
              0,
              peakRssMiB(),
              s.threads()));
    }
    return results;
  }

  private static Path writePairs(Path file, int rows, int words, boolean sft) {
    String schema =
        sft
            ? "message m { optional binary prompt (STRING); optional binary completion (STRING); }"
            : "message m { optional binary prompt (STRING); optional binary chosen (STRING);"
                + " optional binary rejected (STRING); }";
    MessageType type = MessageTypeParser.parseMessageType(schema);
    SimpleGroupFactory factory = new SimpleGroupFactory(type);
    Random rng = new Random(rows);
    String[] vocabulary = {
      "alpha", "beta", "gamma", "delta", "river", "stone", "light", "cloud", "green", "quiet"
    };
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
            .withType(type)
            .withConf(conf)
            .build()) {
      for (int r = 0; r < rows; r++) {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < words; w++) {
          a.append(vocabulary[rng.nextInt(vocabulary.length)]).append(' ');
          b.append(vocabulary[rng.nextInt(vocabulary.length)]).append(' ');
        }
        Group g = factory.newGroup().append("prompt", "write " + r + " words please");
        if (sft) {
          g.append("completion", a.toString().trim());
        } else {
          g.append("chosen", a.toString().trim()).append("rejected", b.toString().trim());
        }
        writer.write(g);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void deleteCheckpoints(Path out) {
    try (var entries = Files.list(out)) {
      for (Path p :
          entries.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).toList()) {
        MoreFiles.deleteRecursively(p, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** VmHWM of /proc/self/status in MiB, or -1 where there is no procfs. */
  static long peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
