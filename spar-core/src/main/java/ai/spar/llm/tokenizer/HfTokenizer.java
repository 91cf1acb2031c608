package ai.spar.llm.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer read from a model directory's {@code tokenizer.json}: text to ids and
 * back, with no truncation and no padding. Whether special tokens are added on encoding (the
 * tokenizer's post-processor, e.g. a BOS) is chosen per call.
 *
 * <p>Encoding and decoding are safe to call from several threads. Close it to free the native
 * tokenizer.
 */
public final class HfTokenizer implements AutoCloseable {
  /** The file this class reads. */
  public static final String FILE = "tokenizer.json";

  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, Integer> addedTokens;
  private final int vocabSize;

  private HfTokenizer(
      HuggingFaceTokenizer tokenizer, Map<String, Integer> addedTokens, int vocabSize) {
    this.tokenizer = tokenizer;
    this.addedTokens = addedTokens;
    this.vocabSize = vocabSize;
  }

  /**
   * Loads {@code tokenizer.json} from a model directory.
   *
   * @throws IllegalArgumentException naming the file if it is missing or cannot be parsed
   */
  public static HfTokenizer load(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": tokenizer file does not exist");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    Map<String, Integer> added = new LinkedHashMap<>();
    int maxId = -1;
    for (JsonNode token : root.path("added_tokens")) {
      added.put(token.path("content").asText(), token.path("id").asInt());
      maxId = Math.max(maxId, token.path("id").asInt());
    }
    JsonNode vocab = root.path("model").path("vocab");
    if (vocab.isObject()) {
      for (JsonNode id : vocab) {
        maxId = Math.max(maxId, id.asInt());
      }
    } else if (vocab.isArray()) {
      maxId = Math.max(maxId, vocab.size() - 1);
    }
    try {
      HuggingFaceTokenizer tokenizer =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(true)
              .optTruncation(false)
              .optPadding(false)
              .build();
      return new HfTokenizer(tokenizer, Collections.unmodifiableMap(added), maxId + 1);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": cannot load tokenizer: " + e.getMessage(), e);
    }
  }

  /**
   * Encodes text.
   *
   * @param addSpecialTokens whether the tokenizer's post-processor adds its special tokens (e.g. a
   *     leading BOS)
   */
  public int[] encode(String text, boolean addSpecialTokens) {
    Encoding encoding = tokenizer.encode(text, addSpecialTokens, false);
    long[] ids = encoding.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /** Decodes ids to text; special tokens are dropped when {@code skipSpecialTokens}. */
  public String decode(int[] ids, boolean skipSpecialTokens) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, skipSpecialTokens);
  }

  /** Decodes a list of ids. */
  public String decode(List<Integer> ids, boolean skipSpecialTokens) {
    return decode(ids.stream().mapToInt(Integer::intValue).toArray(), skipSpecialTokens);
  }

  /**
   * The id of a token string: an added (special) token, or a text that encodes to exactly one
   * token.
   */
  public OptionalInt tokenId(String token) {
    Integer added = addedTokens.get(token);
    if (added != null) {
      return OptionalInt.of(added);
    }
    int[] ids = encode(token, false);
    return ids.length == 1 ? OptionalInt.of(ids[0]) : OptionalInt.empty();
  }

  /** The added tokens (special tokens and others) by content. */
  public Map<String, Integer> addedTokens() {
    return addedTokens;
  }

  /** One more than the largest id in the vocabulary and the added tokens. */
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
