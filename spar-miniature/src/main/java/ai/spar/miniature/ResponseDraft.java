package ai.spar.miniature;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The layout of one teacher response, before it is rendered to text: an optional title, body
 * sentences, bullet points, an optional postscript and end phrase, a letter case and optional
 * quotation marks. A compliant response and its imperfect twin differ in one field, so the pair is
 * a minimal edit.
 *
 * @param title the title text, rendered as {@code <<title>>} on the first line
 * @param sentences the body sentences, joined by single spaces
 * @param bullets bullet point texts, each rendered on its own line as {@code * text}
 * @param postscript the text after {@code P.S.} in a final paragraph
 * @param endPhrase the closing phrase, rendered as the last paragraph
 * @param textCase the letter case applied to the whole text
 * @param quoted whether the whole text is wrapped in double quotation marks
 */
record ResponseDraft(
    Optional<String> title,
    List<String> sentences,
    List<String> bullets,
    Optional<String> postscript,
    Optional<String> endPhrase,
    TextCase textCase,
    boolean quoted) {

  /** The letter case of a rendered response. */
  enum TextCase {
    AS_WRITTEN,
    LOWER,
    UPPER
  }

  ResponseDraft {
    Preconditions.checkArgument(
        sentences != null && !sentences.isEmpty(), "a response needs at least one sentence");
    sentences = List.copyOf(sentences);
    bullets = List.copyOf(bullets);
    Preconditions.checkArgument(title != null && postscript != null && endPhrase != null);
    Preconditions.checkArgument(textCase != null, "textCase must not be null");
  }

  /** The response text: paragraphs separated by blank lines, then case, then quotation marks. */
  String render() {
    List<String> paragraphs = new ArrayList<>();
    title.ifPresent(t -> paragraphs.add("<<" + t + ">>"));
    StringBuilder body = new StringBuilder(String.join(" ", sentences));
    for (String bullet : bullets) {
      body.append("\n* ").append(bullet);
    }
    paragraphs.add(body.toString());
    postscript.ifPresent(p -> paragraphs.add("P.S. " + p));
    endPhrase.ifPresent(paragraphs::add);
    String text = String.join("\n\n", paragraphs);
    text =
        switch (textCase) {
          case AS_WRITTEN -> text;
          case LOWER -> text.toLowerCase(Locale.ROOT);
          case UPPER -> text.toUpperCase(Locale.ROOT);
        };
    return quoted ? "\"" + text + "\"" : text;
  }
}
