package ai.spar.judge;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A prompt text with named placeholders written {@code {name}}. Rendering replaces each known
 * placeholder in one pass (a value that itself contains {@code {response}} is not expanded again);
 * other braces stay as they are.
 *
 * @param name where the text came from (a path), for messages
 * @param text the template text
 */
public record PromptTemplate(String name, String text) {
  public static final String INSTRUCTION = "instruction";
  public static final String RESPONSE = "response";

  /** The placeholders every judgment prompt holds: {@code {instruction}} and {@code {response}}. */
  public static final Set<String> JUDGMENT_PLACEHOLDERS = Set.of(INSTRUCTION, RESPONSE);

  public PromptTemplate {
    Preconditions.checkArgument(name != null, "name must not be null");
    Preconditions.checkArgument(
        text != null && !text.isBlank(), "prompt template %s must not be empty", name);
  }

  /**
   * A template that must contain the given placeholders.
   *
   * @throws IllegalArgumentException naming the template and the missing placeholder
   */
  public static PromptTemplate of(String name, String text, Set<String> required) {
    return new PromptTemplate(name, text).requiring(required);
  }

  /**
   * This template, checked to contain the given placeholders.
   *
   * @throws IllegalArgumentException naming the template and the missing placeholder
   */
  public PromptTemplate requiring(Set<String> placeholders) {
    for (String placeholder : placeholders) {
      Preconditions.checkArgument(
          text.contains("{" + placeholder + "}"),
          "prompt template %s must contain the placeholder {%s}",
          name,
          placeholder);
    }
    return this;
  }

  /** Reads a UTF-8 template file that must contain the given placeholders. */
  public static PromptTemplate load(Path path, Set<String> required) {
    try {
      return of(path.toString(), Files.readString(path, StandardCharsets.UTF_8), required);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt template " + path, e);
    }
  }

  /**
   * Replaces {@code {key}} by its value for every key of {@code values}, in one left-to-right pass.
   */
  public String render(Map<String, String> values) {
    StringBuilder out = new StringBuilder(text.length() + 256);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{') {
        int close = text.indexOf('}', i + 1);
        if (close > 0) {
          String value = values.get(text.substring(i + 1, close));
          if (value != null) {
            out.append(value);
            i = close + 1;
            continue;
          }
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** Renders the two standard placeholders. */
  public String render(String instruction, String response) {
    return render(Map.of(INSTRUCTION, instruction, RESPONSE, response));
  }
}
