package ai.spar.llm.chat;

import com.google.common.base.Preconditions;
import com.google.common.hash.Hashing;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A model's Jinja chat template rendered with Jinjava under Hugging Face's semantics: {@code
 * trim_blocks} and {@code lstrip_blocks} on, one trailing newline of the template source dropped
 * (Jinja's default), the variables {@code messages} (maps with {@code role} and {@code content}),
 * {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}, and the function {@code
 * raise_exception(message)}.
 *
 * <p>A template cannot read files: {@code include}, {@code import}, {@code from} and {@code
 * extends} tags are refused when the template is created (the message names the tag), and the
 * renderer's resource locator refuses every load (Jinjava's default reads the classpath).
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class ChatTemplate {
  private static final String RAISED = "chat template raised: ";

  private static final String NO_FILES = "chat templates cannot read files";

  /** A tag that loads another template: refused. */
  private static final Pattern LOADING_TAG =
      Pattern.compile("\\{%[-+]?\\s*(include|import|from|extends)\\b[^%]*%}");

  private final String source;
  private final String bosToken;
  private final String eosToken;
  private final Jinjava jinjava;

  /**
   * @param source the Jinja template
   * @param bosToken the value of {@code bos_token} ("" if the model has none)
   * @param eosToken the value of {@code eos_token} ("" if the model has none)
   */
  public ChatTemplate(String source, String bosToken, String eosToken) {
    Preconditions.checkArgument(
        source != null && !source.isBlank(), "chat template source must not be blank");
    this.source = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
    this.bosToken = bosToken == null ? "" : bosToken;
    this.eosToken = eosToken == null ? "" : eosToken;
    Matcher loading = LOADING_TAG.matcher(this.source);
    if (loading.find()) {
      throw new IllegalArgumentException(
          NO_FILES
              + ": the {% "
              + loading.group(1)
              + " %} tag is refused (found: "
              + loading.group()
              + "); inline the template it names");
    }
    JinjavaConfig config =
        JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true).build();
    this.jinjava = new Jinjava(config);
    jinjava.setResourceLocator(
        (name, encoding, interpreter) -> {
          throw new IOException(NO_FILES + ": refused to load '" + name + "'");
        });
    try {
      jinjava.registerFunction(
          new ELFunctionDefinition(
              "",
              "raise_exception",
              ChatTemplate.class.getDeclaredMethod("raiseException", String.class)));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The template of a tokenizer configuration. */
  public static java.util.Optional<ChatTemplate> of(TokenizerConfig config) {
    return config
        .chatTemplate()
        .map(t -> new ChatTemplate(t, config.bosToken().orElse(""), config.eosToken().orElse("")));
  }

  /**
   * Renders a conversation.
   *
   * @throws IllegalArgumentException if the template raises or fails, with the template's message
   */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    List<Map<String, Object>> turns = new ArrayList<>();
    for (ChatMessage m : messages) {
      Map<String, Object> turn = new LinkedHashMap<>();
      turn.put("role", m.role());
      turn.put("content", m.content());
      turns.add(turn);
    }
    Map<String, Object> context = new HashMap<>();
    context.put("messages", turns);
    context.put("add_generation_prompt", addGenerationPrompt);
    context.put("bos_token", bosToken);
    context.put("eos_token", eosToken);
    RenderResult result = jinjava.renderForResult(source, context);
    for (TemplateError error : result.getErrors()) {
      if (error.getMessage() != null && error.getMessage().contains(NO_FILES)) {
        throw new IllegalArgumentException(error.getMessage());
      }
    }
    List<TemplateError> fatal =
        result.getErrors().stream()
            .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
            .toList();
    if (!fatal.isEmpty()) {
      for (TemplateError error : fatal) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
          if (t.getMessage() != null && t.getMessage().startsWith(RAISED)) {
            throw new IllegalArgumentException(t.getMessage());
          }
        }
      }
      String message =
          fatal.stream().map(TemplateError::getMessage).collect(Collectors.joining("; "));
      throw new IllegalArgumentException("chat template failed: " + message);
    }
    return result.getOutput();
  }

  /** The template source. */
  public String source() {
    return source;
  }

  /** The BOS token text ("" if none). */
  public String bosToken() {
    return bosToken;
  }

  /** Hex SHA-256 of the template source, recorded as provenance. */
  public String hash() {
    return Hashing.sha256().hashString(source, StandardCharsets.UTF_8).toString();
  }

  /** Bound to {@code raise_exception} in templates. */
  public static String raiseException(String message) {
    throw new IllegalArgumentException(RAISED + message);
  }
}
