package ai.spar.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parts of a Hugging Face {@code tokenizer_config.json} the runtime uses, bound leniently:
 * special tokens may be strings or {@code AddedToken} objects ({@code {"content": ...}}), {@code
 * chat_template} a string or a list of named templates (the one named {@code default} is used). A
 * {@code chat_template.jinja} file beside it takes precedence, as in current Hugging Face releases.
 *
 * @param bosToken beginning-of-sequence token text, if any
 * @param eosToken end-of-sequence token text, if any
 * @param padToken padding token text, if any
 * @param chatTemplate the Jinja chat template source, if the model has one
 * @param modelMaxLength {@code model_max_length}, if present and sensible
 */
public record TokenizerConfig(
    Optional<String> bosToken,
    Optional<String> eosToken,
    Optional<String> padToken,
    Optional<String> chatTemplate,
    OptionalInt modelMaxLength) {

  /** The configuration file name. */
  public static final String FILE = "tokenizer_config.json";

  /** The separate template file name. */
  public static final String TEMPLATE_FILE = "chat_template.jinja";

  public TokenizerConfig {
    bosToken = bosToken == null ? Optional.empty() : bosToken;
    eosToken = eosToken == null ? Optional.empty() : eosToken;
    padToken = padToken == null ? Optional.empty() : padToken;
    chatTemplate = chatTemplate == null ? Optional.empty() : chatTemplate;
    modelMaxLength = modelMaxLength == null ? OptionalInt.empty() : modelMaxLength;
  }

  /** No special tokens and no template. */
  public static TokenizerConfig empty() {
    return new TokenizerConfig(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty());
  }

  /** A copy with another chat template. */
  public TokenizerConfig withChatTemplate(String template) {
    return new TokenizerConfig(bosToken, eosToken, padToken, Optional.of(template), modelMaxLength);
  }

  /**
   * Reads {@code tokenizer_config.json} and {@code chat_template.jinja} from a model directory;
   * either may be absent.
   *
   * @throws IllegalArgumentException naming the file and key when a value has an unexpected form
   */
  public static TokenizerConfig load(Path directory) {
    Path file = directory.resolve(FILE);
    TokenizerConfig config = empty();
    if (Files.isRegularFile(file)) {
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(file.toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
      }
      config = fromJson(file, root);
    }
    Path template = directory.resolve(TEMPLATE_FILE);
    if (Files.isRegularFile(template)) {
      try {
        config = config.withChatTemplate(Files.readString(template, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + template, e);
      }
    }
    return config;
  }

  static TokenizerConfig fromJson(Path file, JsonNode root) {
    JsonNode maxLength = root.get("model_max_length");
    OptionalInt max =
        maxLength != null && maxLength.canConvertToInt() && maxLength.asLong() < Integer.MAX_VALUE
            ? OptionalInt.of(maxLength.asInt())
            : OptionalInt.empty();
    return new TokenizerConfig(
        token(file, root, "bos_token"),
        token(file, root, "eos_token"),
        token(file, root, "pad_token"),
        template(file, root.get("chat_template")),
        max);
  }

  private static Optional<String> token(Path file, JsonNode root, String key) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(node.asText());
    }
    if (node.isObject() && node.path("content").isTextual()) {
      return Optional.of(node.get("content").asText());
    }
    throw new IllegalArgumentException(
        file + ": " + key + " must be a string or an object with 'content', but was: " + node);
  }

  private static Optional<String> template(Path file, JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(node.asText());
    }
    if (node.isArray()) {
      JsonNode first = null;
      for (JsonNode named : node) {
        if (first == null) {
          first = named;
        }
        if ("default".equals(named.path("name").asText())) {
          return Optional.of(named.path("template").asText());
        }
      }
      if (first != null && first.path("template").isTextual()) {
        return Optional.of(first.get("template").asText());
      }
    }
    throw new IllegalArgumentException(
        file + ": chat_template must be a string or a list of {name, template}, but was: " + node);
  }
}
