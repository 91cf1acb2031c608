package ai.spar.trainer.tokens;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.chat.ChatTemplate;
import ai.spar.llm.chat.TokenizerConfig;
import ai.spar.llm.llama.GenerationConfig;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.tokenizer.HfTokenizer;
import ai.spar.trainer.data.PreferencePair;
import ai.spar.trainer.data.RowSource;
import ai.spar.trainer.data.SftExample;
import ai.spar.trainer.data.TrainingDataException;
import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokenizes chats through the model's chat template with a target mask. The conversation is
 * rendered prefix by prefix: for each trained assistant turn {@code i}, the text up to {@code
 * render(turns[0, i), add_generation_prompt)} is context (masked) and the text from there to {@code
 * render(turns[0, i])} is the target; each piece is tokenized on its own (the first with the
 * tokenizer's special tokens, e.g. BOS), so a target never shares a token with its prompt. A target
 * that does not end with an end-of-sequence id gets one appended, so the model learns to stop.
 *
 * <p>Then the cutoff: a sequence longer than {@code maxLength} is handled by the {@link OverLength}
 * policy and counted in the {@link TokenizationReport}; a pair is dropped when either side is.
 *
 * <p>Closing frees the tokenizer. Not thread-safe.
 */
public final class ChatTokenizer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChatTokenizer.class);

  private final HfTokenizer tokenizer;
  private final ChatTemplate template;
  private final int bosTokenId;
  private final Set<Integer> eosTokenIds;
  private final int appendedEosId;
  private final int maxLength;
  private final OverLength overLength;

  /**
   * @param tokenizer the tokenizer (owned by this object from now on)
   * @param template the model's chat template
   * @param bosTokenId the BOS id (-1 if none), to drop a doubled BOS
   * @param eosTokenIds ids that end a turn; the first is appended to targets that lack one
   * @param maxLength the cutoff in tokens per sequence
   * @param overLength what happens to longer sequences
   */
  public ChatTokenizer(
      HfTokenizer tokenizer,
      ChatTemplate template,
      int bosTokenId,
      List<Integer> eosTokenIds,
      int maxLength,
      OverLength overLength) {
    Preconditions.checkArgument(maxLength >= 2, "maxLength must be >= 2, but was: %s", maxLength);
    Preconditions.checkArgument(!eosTokenIds.isEmpty(), "eosTokenIds must not be empty");
    this.tokenizer = tokenizer;
    this.template = template;
    this.bosTokenId = bosTokenId;
    this.eosTokenIds = Set.copyOf(eosTokenIds);
    this.appendedEosId = eosTokenIds.get(0);
    this.maxLength = maxLength;
    this.overLength = overLength;
  }

  /**
   * The tokenizer of a model directory: {@code tokenizer.json}, the chat template of {@code
   * tokenizer_config.json} (or {@code chat_template.jinja}), the EOS ids of {@code
   * generation_config.json} and {@code config.json}; the id of the tokenizer's {@code eos_token}
   * comes first.
   *
   * @throws IllegalArgumentException naming the directory when it has no chat template
   */
  public static ChatTokenizer load(Path modelDir, int maxLength, OverLength overLength) {
    TokenizerConfig config = TokenizerConfig.load(modelDir);
    ChatTemplate template =
        ChatTemplate.of(config)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        modelDir
                            + ": the model has no chat template (tokenizer_config.json chat_template)"));
    LlamaConfig llama = LlamaConfig.load(modelDir);
    GenerationConfig generation = GenerationConfig.load(modelDir);
    HfTokenizer tokenizer = HfTokenizer.load(modelDir);
    List<Integer> eos = new ArrayList<>();
    config.eosToken().ifPresent(t -> tokenizer.tokenId(t).ifPresent(eos::add));
    for (int id : generation.eosTokenIds()) {
      if (!eos.contains(id)) {
        eos.add(id);
      }
    }
    for (int id : llama.eosTokenIds()) {
      if (!eos.contains(id)) {
        eos.add(id);
      }
    }
    int bos = generation.bosTokenId() >= 0 ? generation.bosTokenId() : llama.bosTokenId();
    return new ChatTokenizer(tokenizer, template, bos, eos, maxLength, overLength);
  }

  /** Hex SHA-256 of the chat template (part of the reference cache key). */
  public String templateHash() {
    return template.hash();
  }

  public int maxLength() {
    return maxLength;
  }

  /**
   * Tokenizes a conversation without any cutoff.
   *
   * @param targets indices of the trained assistant turns
   * @throws TrainingDataException if the template does not render the conversation
   *     prefix-consistently
   */
  public TokenizedSequence encode(
      List<ChatMessage> messages, Set<Integer> targets, RowSource source) {
    List<Integer> ids = new ArrayList<>();
    List<Boolean> flags = new ArrayList<>();
    String rendered = "";
    for (int turn : new TreeSet<>(targets)) {
      String context = template.render(messages.subList(0, turn), true);
      String full = template.render(messages.subList(0, turn + 1), false);
      append(ids, flags, suffix(rendered, context, source), false);
      int before = ids.size();
      append(ids, flags, suffix(context, full, source), true);
      if (ids.size() == before || !eosTokenIds.contains(ids.get(ids.size() - 1))) {
        ids.add(appendedEosId);
        flags.add(true);
      }
      rendered = full;
    }
    int[] idArray = ids.stream().mapToInt(Integer::intValue).toArray();
    boolean[] targetArray = new boolean[idArray.length];
    for (int i = 0; i < targetArray.length; i++) {
      targetArray[i] = flags.get(i);
    }
    if (targetArray.length > 0 && targetArray[0]) {
      throw new TrainingDataException(
          source + ": the chat template renders nothing before the first target");
    }
    return new TokenizedSequence(idArray, targetArray);
  }

  private void append(List<Integer> ids, List<Boolean> flags, String text, boolean target) {
    if (text.isEmpty()) {
      return;
    }
    int[] encoded = tokenizer.encode(text, ids.isEmpty());
    int from = 0;
    if (ids.isEmpty()
        && encoded.length >= 2
        && encoded[0] == bosTokenId
        && encoded[1] == bosTokenId) {
      from = 1; // the template starts with BOS and the tokenizer added another
    }
    for (int i = from; i < encoded.length; i++) {
      ids.add(encoded[i]);
      flags.add(target);
    }
  }

  private static String suffix(String prefix, String text, RowSource source) {
    if (!text.startsWith(prefix)) {
      throw new TrainingDataException(
          source
              + ": the chat template does not render this conversation prefix-consistently (a longer chat does not"
              + " start with the rendering of its first turns), so prompt tokens cannot be masked");
    }
    return text.substring(prefix.length());
  }

  /** Tokenizes preference pairs and applies the cutoff. */
  public Tokenized<TokenizedPair> tokenizePairs(List<PreferencePair> pairs) {
    List<TokenizedPair> kept = new ArrayList<>();
    Counter counter = new Counter();
    for (int i = 0; i < pairs.size(); i++) {
      PreferencePair pair = pairs.get(i);
      TokenizedSequence chosen = encodeResponse(pair.prompt(), pair.chosen(), pair.source());
      TokenizedSequence rejected = encodeResponse(pair.prompt(), pair.rejected(), pair.source());
      TokenizedSequence c = cut(chosen, pair.source(), "chosen");
      TokenizedSequence r = cut(rejected, pair.source(), "rejected");
      boolean truncated =
          c != null
              && r != null
              && (c.length() < chosen.length() || r.length() < rejected.length());
      if (c == null || r == null) {
        counter.dropped++;
      } else {
        kept.add(new TokenizedPair(i, c, r));
        counter.keep(truncated, c.length() + r.length(), c.targetCount() + r.targetCount());
      }
    }
    return new Tokenized<>(kept, counter.report("pairs", pairs.size()));
  }

  /** Tokenizes SFT examples and applies the cutoff. */
  public Tokenized<TokenizedSequence> tokenizeSft(List<SftExample> examples) {
    List<TokenizedSequence> kept = new ArrayList<>();
    Counter counter = new Counter();
    for (SftExample example : examples) {
      TokenizedSequence full = encode(example.messages(), example.targets(), example.source());
      TokenizedSequence cut = cut(full, example.source(), "messages");
      if (cut == null) {
        counter.dropped++;
      } else {
        kept.add(cut);
        counter.keep(cut.length() < full.length(), cut.length(), cut.targetCount());
      }
    }
    return new Tokenized<>(kept, counter.report("SFT examples", examples.size()));
  }

  private TokenizedSequence encodeResponse(
      List<ChatMessage> prompt, List<ChatMessage> response, RowSource source) {
    List<ChatMessage> chat = new ArrayList<>(prompt);
    Set<Integer> targets = new TreeSet<>();
    for (ChatMessage m : response) {
      if (m.role().equals(ChatMessage.ASSISTANT)) {
        targets.add(chat.size());
      }
      chat.add(m);
    }
    return encode(chat, targets, source);
  }

  /** The sequence within the cutoff, or null when it is dropped. */
  private TokenizedSequence cut(TokenizedSequence sequence, RowSource source, String column) {
    if (sequence.length() <= maxLength) {
      return sequence;
    }
    switch (overLength) {
      case ERROR:
        throw new TrainingDataException(
            source
                + ": column '"
                + column
                + "' gives a sequence of "
                + sequence.length()
                + " tokens, longer than the cutoff maxLength "
                + maxLength
                + " (raise max-length, or choose over-length TRUNCATE or DROP)");
      case DROP:
        return null;
      default:
        TokenizedSequence truncated = sequence.truncate(maxLength);
        return truncated.targetCount() == 0 ? null : truncated;
    }
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  private final class Counter {
    int kept;
    int truncated;
    int dropped;
    long tokens;
    long targetTokens;

    void keep(boolean wasTruncated, long sequenceTokens, long targets) {
      kept++;
      truncated += wasTruncated ? 1 : 0;
      tokens += sequenceTokens;
      targetTokens += targets;
    }

    TokenizationReport report(String what, int examples) {
      TokenizationReport report =
          new TokenizationReport(examples, kept, truncated, dropped, tokens, targetTokens);
      if (truncated > 0 || dropped > 0) {
        LOG.warn(
            "cutoff maxLength {} ({}): {} of {} {} truncated, {} dropped",
            maxLength,
            overLength,
            truncated,
            examples,
            what,
            dropped);
      } else {
        LOG.info("tokenized {} {}: none over the cutoff maxLength {}", examples, what, maxLength);
      }
      return report;
    }
  }
}
