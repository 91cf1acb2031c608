package ai.spar.miniature;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.chat.ChatTemplate;
import ai.spar.llm.chat.TokenizerConfig;
import ai.spar.llm.tokenizer.HfTokenizer;
import ai.spar.llm.tokenizer.bpe.BpeVocabulary;
import ai.spar.llm.tokenizer.bpe.ByteLevelBpeTrainer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The miniature's tokenizer: byte-level BPE trained on the miniature corpus rendered through the
 * chat template, with Llama-3 style special tokens and chat template.
 *
 * <p>Byte-level BPE (rather than a word-level vocabulary) because every text round-trips exactly,
 * including words the corpus never saw, upper-case variants, numbers, whitespace runs and markup
 * such as {@code <<title>>}, {@code * } bullets and {@code [[start]]}; the small, repetitive corpus
 * still merges nearly every word-bank word (with its leading space) into a single token.
 */
public final class MiniatureTokenizer {
  public static final String BOS = "<|begin_of_text|>";
  public static final String END_OF_TEXT = "<|end_of_text|>";
  public static final String START_HEADER = "<|start_header_id|>";
  public static final String END_HEADER = "<|end_header_id|>";
  public static final String EOT = "<|eot_id|>";
  public static final String PAD = "<|pad|>";

  /** The special tokens, in id order after the BPE symbols. */
  public static final List<String> SPECIAL_TOKENS =
      List.of(BOS, END_OF_TEXT, START_HEADER, END_HEADER, EOT, PAD);

  /** Llama-3's chat layout: a header per turn, content trimmed, each turn closed by eot. */
  public static final String CHAT_TEMPLATE =
      "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] +"
          + " '<|end_header_id|>\n\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}"
          + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n'"
          + " }}{% endif %}";

  /** The default number of BPE symbols (bytes plus merges). */
  public static final int DEFAULT_BPE_SIZE = 2048;

  /** The context length recorded as {@code model_max_length}. */
  public static final int MAX_LENGTH = 512;

  private MiniatureTokenizer() {}

  /** The chat template with this tokenizer's BOS and EOS. */
  public static ChatTemplate chatTemplate() {
    return new ChatTemplate(CHAT_TEMPLATE, BOS, EOT);
  }

  /** Each row rendered through the chat template with its completion as the last assistant turn. */
  public static List<String> renderedChats(List<SftRow> rows) {
    ChatTemplate template = chatTemplate();
    List<String> corpus = new ArrayList<>(rows.size());
    for (SftRow row : rows) {
      List<ChatMessage> chat = new ArrayList<>(row.messages());
      chat.add(ChatMessage.assistant(row.completion()));
      corpus.add(template.render(chat, false));
    }
    return corpus;
  }

  /**
   * Trains the tokenizer on rendered chats (see {@link #renderedChats}).
   *
   * @param bpeSize BPE symbols (bytes plus merges), at least 256
   */
  public static BpeVocabulary train(List<String> renderedChats, int bpeSize) {
    return new ByteLevelBpeTrainer(bpeSize, 2).train(renderedChats, SPECIAL_TOKENS);
  }

  /**
   * Writes {@code tokenizer.json} and {@code tokenizer_config.json} (BOS, EOS = eot, pad, chat
   * template, max length) into {@code directory}, creating it if needed.
   */
  public static void write(BpeVocabulary vocabulary, Path directory) {
    Preconditions.checkArgument(
        vocabulary.specialTokens().equals(SPECIAL_TOKENS),
        "the vocabulary must carry the special tokens %s, but had %s",
        SPECIAL_TOKENS,
        vocabulary.specialTokens());
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode();
    config.put("bos_token", BOS);
    config.put("eos_token", EOT);
    config.put("pad_token", PAD);
    config.put("chat_template", CHAT_TEMPLATE);
    config.put("model_max_length", MAX_LENGTH);
    config.put("tokenizer_class", "PreTrainedTokenizerFast");
    try {
      Files.createDirectories(directory);
      Files.writeString(
          directory.resolve(HfTokenizer.FILE),
          vocabulary.toTokenizerJson(),
          StandardCharsets.UTF_8);
      Files.writeString(
          directory.resolve(TokenizerConfig.FILE),
          json.writerWithDefaultPrettyPrinter().writeValueAsString(config),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tokenizer to " + directory, e);
    }
  }
}
