package ai.spar.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.llama.DecodeRequest;
import ai.spar.llm.llama.DecodeStats;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.llama.LlamaModel;
import ai.spar.llm.llama.StaticBatcher;
import ai.spar.llm.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Measures generation throughput of a loaded model: prefill and decode rates at several batch
 * sizes, the decode step time at a short and a long context with the KV cache and with full
 * recomputation, the engine's float32 matmul rate and the process's peak resident memory.
 * End-of-sequence ids are ignored so every row decodes its full budget.
 */
public final class GenerationBenchmark {
  /** One measured configuration. */
  public record Row(String workload, int rows, int context, boolean kvCache, DecodeStats stats) {}

  /**
   * Everything measured.
   *
   * @param peakRssBytes VmHWM of the process at the end (-1 where unavailable)
   * @param loadedRssBytes VmRSS when the benchmark started, after the model was loaded
   * @param heapCommittedBytes the JVM heap committed at the end
   * @param kvCacheBytes the largest KV cache a measured workload allocated
   */
  public record Report(
      long parameters,
      List<Row> rows,
      double matmulGflops,
      long peakRssBytes,
      long weightBytes,
      long loadedRssBytes,
      long heapCommittedBytes,
      long kvCacheBytes) {}

  private final DjlLlamaModel model;
  private final SplittableRandom random = new SplittableRandom(1234);

  public GenerationBenchmark(DjlLlamaModel model) {
    this.model = model;
  }

  /**
   * Runs the benchmark.
   *
   * @param batchSizes decode batch sizes of distinct prompts (e.g. 1, 8, 32)
   * @param samplesOfOnePrompt n of the shared-prefill workload (e.g. 32)
   * @param promptTokens prompt length of the batch workloads
   * @param newTokens tokens generated per row
   * @param contexts prompt lengths of the step-time workload (e.g. 64 and 512)
   */
  public Report run(
      int[] batchSizes, int samplesOfOnePrompt, int promptTokens, int newTokens, int[] contexts) {
    LlamaModel decoder = model.llamaModel();
    List<Row> rows = new ArrayList<>();
    Sampler sampler = Sampler.of(new SamplingParams(1.0, 1.0, 0, newTokens, 1, List.of(), 0));
    long loadedRss = residentBytes("VmRSS:");
    try (NDManager manager = decoder.weights().manager().newSubManager()) {
      // warm-up of every batch shape: the engine's first call at a new shape is slow (allocator
      // growth and kernel selection), which otherwise lands on the first measured workload
      for (int b : batchSizes) {
        measure(manager, true, prompts(b, promptTokens), 1, 4, sampler);
      }
      measure(manager, true, List.of(prompt(promptTokens)), samplesOfOnePrompt, 4, sampler);
      for (int b : batchSizes) {
        List<int[]> prompts = prompts(b, promptTokens);
        rows.add(
            new Row(
                "batch of distinct prompts",
                b,
                promptTokens,
                true,
                measure(manager, true, prompts, 1, newTokens, sampler)));
      }
      rows.add(
          new Row(
              "n samples of one prompt",
              samplesOfOnePrompt,
              promptTokens,
              true,
              measure(
                  manager,
                  true,
                  List.of(prompt(promptTokens)),
                  samplesOfOnePrompt,
                  newTokens,
                  sampler)));
      int stepTokens = 16;
      for (boolean cache : new boolean[] {true, false}) {
        for (int context : contexts) {
          List<int[]> prompts = List.of(prompt(context - stepTokens));
          rows.add(
              new Row(
                  "decode step at context",
                  1,
                  context,
                  cache,
                  measure(manager, cache, prompts, 1, stepTokens, sampler)));
        }
      }
      LlamaConfig c = decoder.config();
      int widestRows = Math.max(samplesOfOnePrompt, Arrays.stream(batchSizes).max().orElse(1));
      long kvBytes =
          2L
              * c.numLayers()
              * widestRows
              * c.numKvHeads()
              * c.headDim()
              * (promptTokens + newTokens)
              * decoder.dtype().getNumOfBytes();
      double gflops = matmulGflops(manager);
      return new Report(
          c.parameterCount(),
          rows,
          gflops,
          peakRss(),
          weightBytes(decoder),
          loadedRss,
          Runtime.getRuntime().totalMemory(),
          kvBytes);
    }
  }

  private DecodeStats measure(
      NDManager manager,
      boolean cache,
      List<int[]> prompts,
      int n,
      int newTokens,
      Sampler sampler) {
    StaticBatcher batch = new StaticBatcher(model.llamaModel(), manager, cache);
    List<DecodeRequest> requests = new ArrayList<>();
    for (int[] p : prompts) {
      requests.add(
          new DecodeRequest(
              p, n, 0, newTokens, sampler, 7, Set.of(), DecodeRequest.StopCondition.NEVER));
    }
    batch.decode(requests);
    return batch.stats();
  }

  private List<int[]> prompts(int count, int length) {
    List<int[]> prompts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      prompts.add(prompt(length));
    }
    return prompts;
  }

  private int[] prompt(int length) {
    int vocab = model.info().vocabSize();
    int[] ids = new int[length];
    for (int i = 0; i < length; i++) {
      ids[i] = random.nextInt(vocab);
    }
    return ids;
  }

  /** float32 GEMM rate through DJL: 1024 x 1024 times 1024 x 1024, best of several runs. */
  static double matmulGflops(NDManager parent) {
    int n = 1024;
    try (NDManager manager = parent.newSubManager()) {
      NDArray a = manager.randomNormal(new Shape(n, n), DataType.FLOAT32);
      NDArray b = manager.randomNormal(new Shape(n, n), DataType.FLOAT32);
      double best = 0;
      for (int i = 0; i < 12; i++) {
        long start = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          c.toFloatArray(); // forces completion
        }
        best = Math.max(best, 2.0 * n * n * n / (System.nanoTime() - start));
      }
      return best;
    }
  }

  private static long weightBytes(LlamaModel decoder) {
    long bytes = 0;
    for (NDArray p : decoder.weights().parameters().values()) {
      bytes += p.size() * p.getDataType().getNumOfBytes();
    }
    return bytes;
  }

  /** VmHWM of /proc/self/status in bytes, or -1 where unavailable. */
  static long peakRss() {
    return residentBytes("VmHWM:");
  }

  /** A memory line of /proc/self/status in bytes, or -1 where unavailable. */
  private static long residentBytes(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
