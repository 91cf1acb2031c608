package ai.spar.miniature.dataset;

import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.tokenizer.HfTokenizer;
import ai.spar.llm.tokenizer.bpe.BpeVocabulary;
import ai.spar.miniature.MiniTask;
import ai.spar.miniature.MiniTaskSynthesizer;
import ai.spar.miniature.MiniTeacher;
import ai.spar.miniature.MiniatureModelPreset;
import ai.spar.miniature.MiniatureTokenizer;
import ai.spar.miniature.SftMixture;
import ai.spar.miniature.SftRow;
import ai.spar.miniature.WordBank;
import ai.spar.refine.RefinementChat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes everything the miniature's base-model training needs into one directory:
 *
 * <pre>
 * tokenizer/            tokenizer.json, tokenizer_config.json (byte-level BPE, chat template)
 * model-init/           random-weight checkpoint of {@link MiniatureModelPreset}
 * sft/part-00000.parquet  the SFT mixture (instruction_id, kind, messages, completion)
 * train.jsonl           instructions for the SPaR iterations
 * eval.jsonl            held-out evaluation instructions
 * summary.json          the {@link MiniatureDataSummary}
 * </pre>
 *
 * The three instruction sets are disjoint by prompt text. Deterministic in the configuration and
 * the prompts.
 */
public final class MiniatureDataset {
  public static final String TOKENIZER_DIR = "tokenizer";
  public static final String MODEL_DIR = "model-init";
  public static final String SFT_FILE = "sft/part-00000.parquet";
  public static final String TRAIN_FILE = "train.jsonl";
  public static final String EVAL_FILE = "eval.jsonl";
  public static final String SUMMARY_FILE = "summary.json";

  private static final Logger LOG = LoggerFactory.getLogger(MiniatureDataset.class);

  private MiniatureDataset() {}

  /**
   * Writes the dataset.
   *
   * @param chat the engine's judge and refine prompts (the same the self-play round uses)
   */
  public static MiniatureDataSummary write(
      MiniatureDataConfig config, RefinementChat chat, Path out) {
    Map<String, Long> millis = new LinkedHashMap<>();
    WordBank bank = WordBank.bundled();
    long t0 = System.nanoTime();
    List<List<MiniTask>> sets =
        new MiniTaskSynthesizer(bank)
            .disjointSets(
                config.seed(),
                config.evalInstructions(),
                config.trainInstructions(),
                config.sftInstructions());
    long t1 = lap(millis, "synthesis", t0);
    List<SftRow> rows =
        new SftMixture(new MiniTeacher(bank), chat, config.recipe())
            .rows(sets.get(2), config.seed());
    long t2 = lap(millis, "mixture", t1);
    List<String> chats = MiniatureTokenizer.renderedChats(rows);
    BpeVocabulary vocabulary = MiniatureTokenizer.train(chats, config.bpeSize());
    Path tokenizerDir = out.resolve(TOKENIZER_DIR);
    MiniatureTokenizer.write(vocabulary, tokenizerDir);
    long t3 = lap(millis, "tokenizer", t2);
    LlamaConfig model =
        MiniatureModelPreset.writeInitialCheckpoint(
            tokenizerDir, out.resolve(MODEL_DIR), config.seed());
    long t4 = lap(millis, "checkpoint", t3);
    SftParquetWriter.write(rows, out.resolve(SFT_FILE));
    InstructionJsonl.write(sets.get(1), out.resolve(TRAIN_FILE));
    InstructionJsonl.write(sets.get(0), out.resolve(EVAL_FILE));
    Map<String, List<Integer>> lengths = tokenLengths(rows, chats, tokenizerDir);
    lap(millis, "files", t4);

    Map<String, Integer> byKind = new TreeMap<>();
    rows.forEach(r -> byKind.merge(r.kind().label(), 1, Integer::sum));
    Map<String, Map<String, Integer>> percentiles = new TreeMap<>();
    int over = 0;
    for (Map.Entry<String, List<Integer>> e : lengths.entrySet()) {
      List<Integer> sorted = new ArrayList<>(e.getValue());
      sorted.sort(null);
      over += (int) sorted.stream().filter(n -> n > model.maxPositions()).count();
      percentiles.put(
          e.getKey(),
          Map.of(
              "p50", percentile(sorted, 0.50),
              "p95", percentile(sorted, 0.95),
              "max", sorted.get(sorted.size() - 1)));
    }
    MiniatureDataSummary summary =
        new MiniatureDataSummary(
            config, byKind, vocabulary.size(), model.parameterCount(), percentiles, over, millis);
    try {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValue(out.resolve(SUMMARY_FILE).toFile(), summary);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve(SUMMARY_FILE), e);
    }
    LOG.info(
        "miniature data in {}: {} SFT rows, vocab {}, {} parameters",
        out,
        rows.size(),
        vocabulary.size(),
        model.parameterCount());
    return summary;
  }

  private static Map<String, List<Integer>> tokenLengths(
      List<SftRow> rows, List<String> chats, Path tokenizerDir) {
    Map<String, List<Integer>> lengths = new TreeMap<>();
    try (HfTokenizer tokenizer = HfTokenizer.load(tokenizerDir)) {
      for (int i = 0; i < rows.size(); i++) {
        int n = tokenizer.encode(chats.get(i), false).length;
        lengths.computeIfAbsent(rows.get(i).kind().label(), k -> new ArrayList<>()).add(n);
      }
    }
    return lengths;
  }

  /** The nearest-rank percentile of sorted values. */
  static int percentile(List<Integer> sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static long lap(Map<String, Long> millis, String stage, long since) {
    long now = System.nanoTime();
    millis.put(stage, (now - since) / 1_000_000);
    return now;
  }
}
