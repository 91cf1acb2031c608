package ai.spar.ifeval.text;

import static ai.spar.ifeval.text.PythonText.BOUNDARY;
import static ai.spar.ifeval.text.PythonText.SPACE;
import static ai.spar.ifeval.text.PythonText.WORD;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * NLTK's {@code word_tokenize}: Punkt sentence splitting followed by the improved Treebank word
 * tokenizer ({@code NLTKWordTokenizer}, without parenthesis conversion). The reference IFEval
 * counts all-capital words over these tokens.
 *
 * <p>Immutable and thread-safe.
 */
public final class NltkWordTokenizer {

  /** One rewriting step: a pattern and its Java replacement string. */
  private record Rule(Pattern pattern, String replacement) {
    static Rule of(String regex, String replacement) {
      return new Rule(Pattern.compile(regex, PythonText.PYTHON_LINES), replacement);
    }

    String apply(String text) {
      return pattern.matcher(text).replaceAll(replacement);
    }
  }

  private static final List<Rule> STARTING_QUOTES =
      List.of(
          Rule.of("([«“‘„]|[`]+)", " $1 "),
          Rule.of("^\"", "``"),
          Rule.of("(``)", " $1 "),
          Rule.of("([ (\\[{<])(\"|'{2})", "$1 `` "),
          Rule.of("(?iu)(')(?!re|ve|ll|m|t|s|d|n)(" + WORD + ")" + BOUNDARY, "$1 $2"));

  private static final List<Rule> PUNCTUATION =
      List.of(
          Rule.of("([^.])(\\.)([\\])}>\"'»”’ ]*)" + SPACE + "*$", "$1 $2 $3 "),
          Rule.of("([:,])([^" + PythonText.DIGIT + "])", " $1 $2"),
          Rule.of("([:,])$", " $1 "),
          Rule.of("\\.{2,}", " $0 "),
          Rule.of("[;@#$%&]", " $0 "),
          Rule.of("([^.])(\\.)([\\])}>\"']*)" + SPACE + "*$", "$1 $2$3 "),
          Rule.of("[?!]", " $0 "),
          Rule.of("([^'])' ", "$1 ' "),
          Rule.of("[*]", " $0 "));

  private static final Rule PARENS_BRACKETS = Rule.of("[\\]\\[(){}<>]", " $0 ");
  private static final Rule DOUBLE_DASHES = Rule.of("--", " -- ");

  private static final List<Rule> ENDING_QUOTES =
      List.of(
          Rule.of("([»”’])", " $1 "),
          Rule.of("''", " '' "),
          Rule.of("\"", " '' "),
          Rule.of("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 "),
          Rule.of("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 "));

  private static final List<Rule> CONTRACTIONS =
      List.of(
          contraction(BOUNDARY + "(can)(not)" + BOUNDARY),
          contraction(BOUNDARY + "(d)('ye)" + BOUNDARY),
          contraction(BOUNDARY + "(gim)(me)" + BOUNDARY),
          contraction(BOUNDARY + "(gon)(na)" + BOUNDARY),
          contraction(BOUNDARY + "(got)(ta)" + BOUNDARY),
          contraction(BOUNDARY + "(lem)(me)" + BOUNDARY),
          contraction(BOUNDARY + "(more)('n)" + BOUNDARY),
          contraction(BOUNDARY + "(wan)(na)(?=" + SPACE + ")"),
          contraction(" ('t)(is)" + BOUNDARY),
          contraction(" ('t)(was)" + BOUNDARY));

  private final PunktSentenceTokenizer sentences;

  /** A word tokenizer that first splits sentences with {@code sentences}. */
  public NltkWordTokenizer(PunktSentenceTokenizer sentences) {
    Preconditions.checkArgument(sentences != null, "sentences must not be null");
    this.sentences = sentences;
  }

  /** The tokenizer with NLTK's English sentence model, as the reference IFEval uses it. */
  public static NltkWordTokenizer english() {
    return EnglishHolder.ENGLISH;
  }

  /** NLTK {@code word_tokenize(text)}. */
  public List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    for (String sentence : sentences.tokenize(text)) {
      tokens.addAll(tokenizeSentence(sentence));
    }
    return tokens;
  }

  /** {@code NLTKWordTokenizer().tokenize(sentence)}: the Treebank rules applied to one sentence. */
  public static List<String> tokenizeSentence(String sentence) {
    String text = sentence;
    for (Rule r : STARTING_QUOTES) {
      text = r.apply(text);
    }
    for (Rule r : PUNCTUATION) {
      text = r.apply(text);
    }
    text = PARENS_BRACKETS.apply(text);
    text = DOUBLE_DASHES.apply(text);
    text = " " + text + " ";
    for (Rule r : ENDING_QUOTES) {
      text = r.apply(text);
    }
    for (Rule r : CONTRACTIONS) {
      text = r.apply(text);
    }
    return PythonText.split(text);
  }

  private static Rule contraction(String regex) {
    return new Rule(
        Pattern.compile(
            regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | PythonText.PYTHON_LINES),
        " $1 $2 ");
  }

  private static final class EnglishHolder {
    static final NltkWordTokenizer ENGLISH =
        new NltkWordTokenizer(PunktSentenceTokenizer.english());
  }
}
