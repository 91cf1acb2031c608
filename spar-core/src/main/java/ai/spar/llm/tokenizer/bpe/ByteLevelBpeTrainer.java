package ai.spar.llm.tokenizer.bpe;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains a byte-level BPE vocabulary on a corpus, as Hugging Face's byte-level BPE does: the text
 * is split with the GPT-2 pre-tokenizer pattern, each piece becomes its UTF-8 bytes (as {@link
 * ByteLevelAlphabet} characters), and the most frequent adjacent pair is merged until the
 * vocabulary is full or no pair occurs {@code minFrequency} times. Ties go to the pair whose text
 * {@code "left right"} sorts first, so training is deterministic.
 *
 * <p>The 256 byte symbols are always in the vocabulary, so every text round-trips exactly.
 * Stateless and thread-safe.
 */
public final class ByteLevelBpeTrainer {
  /**
   * GPT-2's pre-tokenizer pattern, the one Hugging Face's {@code ByteLevel} pre-tokenizer uses with
   * {@code use_regex}.
   */
  public static final Pattern PRE_TOKENIZER =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

  private final int vocabSize;
  private final int minFrequency;

  /**
   * @param vocabSize the number of BPE tokens (bytes plus merges), at least 256; special tokens
   *     come on top
   * @param minFrequency the least number of occurrences a pair needs to be merged, at least 1
   */
  public ByteLevelBpeTrainer(int vocabSize, int minFrequency) {
    Preconditions.checkArgument(
        vocabSize >= 256, "vocabSize must be >= 256 (the byte symbols), but was: %s", vocabSize);
    Preconditions.checkArgument(
        minFrequency >= 1, "minFrequency must be >= 1, but was: %s", minFrequency);
    this.vocabSize = vocabSize;
    this.minFrequency = minFrequency;
  }

  /**
   * Learns the merges of a corpus.
   *
   * @param texts the training texts
   * @param specialTokens tokens matched before pre-tokenization (e.g. {@code <|eot_id|>}); they are
   *     excluded from the counts and get ids after the BPE vocabulary
   */
  public BpeVocabulary train(Iterable<String> texts, List<String> specialTokens) {
    Preconditions.checkArgument(texts != null, "texts must not be null");
    Preconditions.checkArgument(specialTokens != null, "specialTokens must not be null");
    Map<String, Long> pieces = new TreeMap<>();
    for (String text : texts) {
      for (String part : splitSpecials(text, specialTokens)) {
        Matcher m = PRE_TOKENIZER.matcher(part);
        while (m.find()) {
          pieces.merge(ByteLevelAlphabet.encode(m.group()), 1L, Long::sum);
        }
      }
    }
    List<String> symbols = new ArrayList<>(vocabSize);
    Map<String, Integer> ids = new HashMap<>();
    for (int b = 0; b < 256; b++) {
      String s = String.valueOf(ByteLevelAlphabet.charOf(b));
      ids.put(s, symbols.size());
      symbols.add(s);
    }
    List<int[]> words = new ArrayList<>(pieces.size());
    long[] counts = new long[pieces.size()];
    int w = 0;
    for (Map.Entry<String, Long> e : pieces.entrySet()) {
      String piece = e.getKey();
      int[] word = new int[piece.length()];
      for (int i = 0; i < piece.length(); i++) {
        word[i] = ids.get(String.valueOf(piece.charAt(i)));
      }
      words.add(word);
      counts[w++] = e.getValue();
    }
    List<String> merges = new ArrayList<>();
    while (symbols.size() < vocabSize) {
      Map<Long, Long> pairs = new HashMap<>();
      for (int i = 0; i < words.size(); i++) {
        int[] word = words.get(i);
        for (int j = 0; j + 1 < word.length; j++) {
          pairs.merge(((long) word[j] << 32) | word[j + 1], counts[i], Long::sum);
        }
      }
      long bestPair = -1;
      long bestCount = 0;
      String bestText = null;
      for (Map.Entry<Long, Long> e : pairs.entrySet()) {
        long count = e.getValue();
        if (count < bestCount || count < minFrequency) {
          continue;
        }
        String text = pairText(symbols, e.getKey());
        if (count > bestCount || text.compareTo(bestText) < 0) {
          bestPair = e.getKey();
          bestCount = count;
          bestText = text;
        }
      }
      if (bestPair < 0) {
        break;
      }
      int left = (int) (bestPair >>> 32);
      int right = (int) bestPair;
      String joined = symbols.get(left) + symbols.get(right);
      Integer existing = ids.get(joined);
      int merged = existing != null ? existing : symbols.size();
      if (existing == null) {
        ids.put(joined, merged);
        symbols.add(joined);
      }
      merges.add(bestText);
      for (int i = 0; i < words.size(); i++) {
        words.set(i, merge(words.get(i), left, right, merged));
      }
    }
    return new BpeVocabulary(symbols, merges, specialTokens);
  }

  private static String pairText(List<String> symbols, long pair) {
    return symbols.get((int) (pair >>> 32)) + " " + symbols.get((int) pair);
  }

  private static int[] merge(int[] word, int left, int right, int merged) {
    int n = 0;
    int[] out = null;
    for (int j = 0; j < word.length; j++) {
      if (j + 1 < word.length && word[j] == left && word[j + 1] == right) {
        if (out == null) {
          out = new int[word.length - 1];
          System.arraycopy(word, 0, out, 0, j);
          n = j;
        }
        out[n++] = merged;
        j++;
      } else if (out != null) {
        out[n++] = word[j];
      }
    }
    return out == null ? word : java.util.Arrays.copyOf(out, n);
  }

  /** The text split around special tokens, which are dropped. */
  static List<String> splitSpecials(String text, List<String> specials) {
    List<String> parts = new ArrayList<>();
    parts.add(text);
    for (String special : specials) {
      List<String> next = new ArrayList<>();
      for (String part : parts) {
        int from = 0;
        for (int at = part.indexOf(special); at >= 0; at = part.indexOf(special, from)) {
          next.add(part.substring(from, at));
          from = at + special.length();
        }
        next.add(part.substring(from));
      }
      parts = next;
    }
    return parts;
  }
}
