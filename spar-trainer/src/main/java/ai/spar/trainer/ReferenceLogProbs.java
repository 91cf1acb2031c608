package ai.spar.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.spar.llm.llama.LlamaModel;
import ai.spar.trainer.objective.TokenLogProbs;
import ai.spar.trainer.tokens.TokenizedPair;
import ai.spar.trainer.tokens.TokenizedSequence;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frozen reference model's summed response log-probabilities of every tokenized pair, computed
 * once before training and cached as JSON under the output directory, keyed by the data
 * fingerprint, the reference weights hash, the cutoff and the chat template hash; a restarted run
 * with the same key reads them back instead of loading the reference model again.
 *
 * @param key the cache key
 * @param chosen per tokenized pair (in data order)
 * @param rejected per tokenized pair
 */
record ReferenceLogProbs(String key, float[] chosen, float[] rejected) {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceLogProbs.class);
  static final String DIRECTORY = "reference-logps";

  ReferenceLogProbs {
    Preconditions.checkArgument(
        chosen.length == rejected.length, "one chosen and one rejected value per pair");
  }

  static String key(
      String dataFingerprint,
      String weightsHash,
      int maxLength,
      String overLength,
      String templateHash) {
    return Hashing.sha256()
        .hashString(
            String.join(
                "|",
                dataFingerprint,
                weightsHash,
                Integer.toString(maxLength),
                overLength,
                templateHash),
            StandardCharsets.UTF_8)
        .toString()
        .substring(0, 32);
  }

  static Path file(Path output, String key) {
    return output.resolve(DIRECTORY).resolve(key + ".json");
  }

  /** Reads a cached file, if one with this key exists and matches the pair count. */
  static java.util.Optional<ReferenceLogProbs> read(Path output, String key, int pairs) {
    Path file = file(output, key);
    if (!Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    try {
      ReferenceLogProbs cached =
          new ObjectMapper().readValue(file.toFile(), ReferenceLogProbs.class);
      if (!cached.key().equals(key) || cached.chosen().length != pairs) {
        LOG.warn("ignoring {}: it does not match the current data ({} pairs)", file, pairs);
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(cached);
    } catch (IOException e) {
      LOG.warn("ignoring unreadable reference cache {}: {}", file, e.getMessage());
      return java.util.Optional.empty();
    }
  }

  /** Writes the cache file atomically. */
  void write(Path output) {
    Path file = file(output, key);
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), ".tmp-", ".json");
      new ObjectMapper().writeValue(temp.toFile(), this);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Forward passes of the reference model (no gradients) over every pair, in length-sorted batches.
   */
  static ReferenceLogProbs compute(
      String key, LlamaModel model, List<TokenizedPair> pairs, int batchSize, NDManager parent) {
    float[] chosen = new float[pairs.size()];
    float[] rejected = new float[pairs.size()];
    List<Integer> order = new ArrayList<>(IntStream.range(0, pairs.size()).boxed().toList());
    order.sort(Comparator.comparingInt(i -> pairs.get(i).length()));
    for (int start = 0; start < order.size(); start += batchSize) {
      List<Integer> batch = order.subList(start, Math.min(order.size(), start + batchSize));
      List<TokenizedSequence> sequences = new ArrayList<>();
      batch.forEach(i -> sequences.add(pairs.get(i).chosen()));
      batch.forEach(i -> sequences.add(pairs.get(i).rejected()));
      try (NDManager step = parent.newSubManager()) {
        PaddedBatch padded = PaddedBatch.of(sequences, step);
        NDArray logits = model.forward(padded.ids(), padded.attentionMask()); // [2n, t, vocab]
        float[] sums =
            TokenLogProbs.sum(logits, padded.ids(), padded.targetMask()).toFloatArray(); // [2n]
        for (int j = 0; j < batch.size(); j++) {
          chosen[batch.get(j)] = sums[j];
          rejected[batch.get(j)] = sums[batch.size() + j];
        }
      }
    }
    return new ReferenceLogProbs(key, chosen, rejected);
  }
}
