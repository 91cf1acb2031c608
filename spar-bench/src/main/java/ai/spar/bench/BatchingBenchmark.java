package ai.spar.bench;

import ai.djl.ndarray.NDManager;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.llama.ContinuousBatcher;
import ai.spar.llm.llama.DecodeRequest;
import ai.spar.llm.llama.DecodeStats;
import ai.spar.llm.llama.DecodedSample;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.LlamaModel;
import ai.spar.llm.llama.StaticBatcher;
import ai.spar.llm.sampling.Sampler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Continuous versus static batching on a mixed-length workload shaped like the job's calls: three
 * of four requests judge-like (4 to 24 new tokens), one of four refine-like (96 to 192 new tokens),
 * prompts of 32 to 160 random token ids. End-of-sequence ids are ignored, so every sample decodes
 * exactly its budget and both modes do the same work. The static mode is the runtime's former
 * scheduling: prompts sorted by length, micro-batches of at most {@code rows} rows, each decoded to
 * its longest sample.
 */
public final class BatchingBenchmark {
  /**
   * One mode's measurement.
   *
   * @param wallNanos wall time of the whole workload (prefill included)
   * @param samples the generated ids of every request, in request order (equal across modes)
   */
  public record Row(
      String batching, DecodeStats stats, long wallNanos, List<List<Integer>> samples) {
    /** Generated tokens per second of wall time. */
    public double tokensPerSecond() {
      return stats.decodeTokens() * 1e9 / wallNanos;
    }
  }

  private final DjlLlamaModel model;

  public BatchingBenchmark(DjlLlamaModel model) {
    this.model = model;
  }

  /** The workload: {@code count} requests with fixed seeds. */
  List<DecodeRequest> workload(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Sampler sampler = Sampler.of(new SamplingParams(1.0, 1.0, 0, 1, 1, List.of(), 0));
    int vocab = model.info().vocabSize();
    List<DecodeRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] prompt = new int[32 + random.nextInt(129)];
      for (int t = 0; t < prompt.length; t++) {
        prompt[t] = 1 + random.nextInt(vocab - 1);
      }
      int newTokens = i % 4 == 3 ? 96 + random.nextInt(97) : 4 + random.nextInt(21);
      requests.add(
          new DecodeRequest(
              prompt, 1, 0, newTokens, sampler, i, Set.of(), DecodeRequest.StopCondition.NEVER));
    }
    return requests;
  }

  /** Runs the workload continuously, then statically, with {@code rows} rows at most. */
  public List<Row> run(int count, int rows) {
    List<DecodeRequest> requests = workload(count, 23);
    List<DecodeRequest> sorted = new ArrayList<>(requests);
    sorted.sort(Comparator.comparingInt(r -> r.prompt().length));
    LlamaModel decoder = model.llamaModel();
    try (NDManager manager = decoder.weights().manager().newSubManager()) {
      // warm-up of both paths at small shapes
      new ContinuousBatcher(decoder, manager, 4, 512).decode(requests.subList(0, 8));
      new StaticBatcher(decoder, manager, true).decode(requests.subList(0, 8));

      int maxNeed = requests.stream().mapToInt(ContinuousBatcher::slotsNeeded).max().orElse(2);
      ContinuousBatcher continuous = new ContinuousBatcher(decoder, manager, rows, 2 * maxNeed);
      long start = System.nanoTime();
      List<DecodeRequest> admission = new ArrayList<>(requests);
      admission.sort(ContinuousBatcher.LONGEST_BUDGET_FIRST);
      List<List<DecodedSample>> c = new ArrayList<>(continuous.decode(admission));
      List<List<DecodedSample>> cSorted = new ArrayList<>();
      for (DecodeRequest r : sorted) {
        cSorted.add(c.get(admission.indexOf(r)));
      }
      c = cSorted;
      Row continuousRow =
          new Row("continuous", continuous.stats(), System.nanoTime() - start, ids(c));

      StaticBatcher staticDecoder = new StaticBatcher(decoder, manager, true);
      List<List<DecodedSample>> s = new ArrayList<>();
      start = System.nanoTime();
      for (int from = 0; from < sorted.size(); from += rows) {
        s.addAll(staticDecoder.decode(sorted.subList(from, Math.min(sorted.size(), from + rows))));
      }
      Row staticRow = new Row("static", staticDecoder.stats(), System.nanoTime() - start, ids(s));
      return List.of(continuousRow, staticRow);
    }
  }

  private static List<List<Integer>> ids(List<List<DecodedSample>> decoded) {
    return decoded.stream().map(d -> d.get(0).tokenIds()).toList();
  }
}
