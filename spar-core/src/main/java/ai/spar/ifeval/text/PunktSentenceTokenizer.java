package ai.spar.ifeval.text;

import static ai.spar.ifeval.text.PythonText.NON_SPACE;
import static ai.spar.ifeval.text.PythonText.SPACE;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into sentences with the Punkt algorithm, reproducing NLTK's {@code
 * PunktSentenceTokenizer.tokenize} (NLTK 3.8, with boundary realignment) for given {@link
 * PunktParameters}. The reference IFEval counts sentences with this tokenizer and NLTK's English
 * model.
 *
 * <p>Immutable and thread-safe.
 */
public final class PunktSentenceTokenizer {

  private static final int ORTHO_BEG_UC = 1 << 1;
  private static final int ORTHO_MID_UC = 1 << 2;
  private static final int ORTHO_UNK_UC = 1 << 3;
  private static final int ORTHO_BEG_LC = 1 << 4;
  private static final int ORTHO_MID_LC = 1 << 5;
  private static final int ORTHO_UNK_LC = 1 << 6;
  private static final int ORTHO_UC = ORTHO_BEG_UC | ORTHO_MID_UC | ORTHO_UNK_UC;
  private static final int ORTHO_LC = ORTHO_BEG_LC | ORTHO_MID_LC | ORTHO_UNK_LC;

  private static final String NON_WORD = "(?:[)\";}\\]*:@'({\\[?!])";
  private static final String MULTI_CHAR = "(?:-{2,}|\\.{2,}|(?:\\." + SPACE + "){2,}\\.)";
  private static final String WORD_START = "[^(\"`{\\[:;&#*@)}\\]\\-,]";

  private static final Pattern WORD_TOKENIZER =
      Pattern.compile(
          MULTI_CHAR
              + "|(?="
              + WORD_START
              + ")"
              + NON_SPACE
              + "+?(?="
              + SPACE
              + "|$|"
              + NON_WORD
              + "|"
              + MULTI_CHAR
              + "|,(?=$|"
              + SPACE
              + "|"
              + NON_WORD
              + "|"
              + MULTI_CHAR
              + "))|"
              + NON_SPACE,
          PythonText.PYTHON_LINES);

  private static final Pattern PERIOD_CONTEXT =
      Pattern.compile(
          "[.?!](?=(?<afterTok>" + NON_WORD + "|" + SPACE + "+(?<nextTok>" + NON_SPACE + "+)))",
          PythonText.PYTHON_LINES);

  private static final Pattern BOUNDARY_REALIGNMENT =
      Pattern.compile(
          "[\"')\\]}]+?(?:" + SPACE + "+|(?=--)|$)", Pattern.MULTILINE | PythonText.PYTHON_LINES);

  private static final Pattern NUMERIC =
      Pattern.compile("^-?[.,]?" + PythonText.DIGIT + "[" + PythonText.DIGIT + ",.\\-]*\\.?$");
  private static final Pattern INITIAL = Pattern.compile(PythonText.WORD_NOT_DIGIT + "\\.");
  private static final Pattern ELLIPSIS = Pattern.compile("\\.\\.+");

  private static final String ASCII_WHITESPACE = " \t\n\r\u000B\f";

  private final PunktParameters params;

  /** A tokenizer for the given model. */
  public PunktSentenceTokenizer(PunktParameters params) {
    Preconditions.checkArgument(params != null, "params must not be null");
    this.params = params;
  }

  /** A tokenizer with NLTK's English model, the one the reference IFEval uses. */
  public static PunktSentenceTokenizer english() {
    return EnglishHolder.ENGLISH;
  }

  /** The sentences of {@code text}, in order (NLTK {@code tokenize(text)}). */
  public List<String> tokenize(String text) {
    List<String> sentences = new ArrayList<>();
    for (int[] span : realign(text, slices(text))) {
      sentences.add(text.substring(span[0], span[1]));
    }
    return sentences;
  }

  /** The number of sentences in {@code text}. */
  public int count(String text) {
    return tokenize(text).size();
  }

  private record EndContext(int start, int end, String context, int nextTokStart) {}

  private List<EndContext> potentialEndContexts(String text) {
    List<EndContext> out = new ArrayList<>();
    int prevStart = 0;
    int prevStop = 0;
    int[] previousMatch = null;
    String previousTail = null;
    Matcher m = PERIOD_CONTEXT.matcher(text);
    while (m.find()) {
      String before = text.substring(prevStop, m.start());
      int lastSpace = lastAsciiWhitespace(before);
      int wordStart = lastSpace != 0 ? lastSpace + prevStop + 1 : prevStart;
      if (previousMatch != null && prevStop <= wordStart) {
        out.add(
            new EndContext(
                previousMatch[0],
                previousMatch[1],
                text.substring(prevStart, prevStop) + previousTail,
                previousMatch[2]));
      }
      previousMatch =
          new int[] {m.start(), m.end(), m.group("nextTok") == null ? -1 : m.start("nextTok")};
      previousTail = m.group() + m.group("afterTok");
      prevStart = wordStart;
      prevStop = m.start();
    }
    if (previousMatch != null) {
      out.add(
          new EndContext(
              previousMatch[0],
              previousMatch[1],
              text.substring(prevStart, prevStop) + previousTail,
              previousMatch[2]));
    }
    return out;
  }

  private static int lastAsciiWhitespace(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      if (ASCII_WHITESPACE.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return 0;
  }

  private List<int[]> slices(String text) {
    List<int[]> slices = new ArrayList<>();
    int lastBreak = 0;
    for (EndContext c : potentialEndContexts(text)) {
      if (containsSentenceBreak(c.context())) {
        slices.add(new int[] {lastBreak, c.end()});
        lastBreak = c.nextTokStart() >= 0 ? c.nextTokStart() : c.end();
      }
    }
    slices.add(new int[] {lastBreak, PythonText.rstrip(text).length()});
    return slices;
  }

  private static List<int[]> realign(String text, List<int[]> slices) {
    List<int[]> out = new ArrayList<>();
    int realign = 0;
    for (int i = 0; i < slices.size(); i++) {
      int start = slices.get(i)[0] + realign;
      int stop = slices.get(i)[1];
      if (i + 1 == slices.size()) {
        if (start < stop) {
          out.add(new int[] {start, stop});
        }
        continue;
      }
      int[] next = slices.get(i + 1);
      String nextText = next[0] < next[1] ? text.substring(next[0], next[1]) : "";
      Matcher m = BOUNDARY_REALIGNMENT.matcher(nextText);
      if (m.lookingAt()) {
        out.add(new int[] {start, next[0] + PythonText.rstrip(m.group()).length()});
        realign = m.end();
      } else {
        realign = 0;
        if (start < stop) {
          out.add(new int[] {start, stop});
        }
      }
    }
    return out;
  }

  private boolean containsSentenceBreak(String text) {
    List<Token> tokens = annotate(tokenizeWords(text));
    boolean found = false;
    for (Token t : tokens) {
      if (found) {
        return true;
      }
      if (t.sentbreak) {
        found = true;
      }
    }
    return false;
  }

  private static List<Token> tokenizeWords(String text) {
    List<Token> tokens = new ArrayList<>();
    boolean parastart = false;
    for (String line : PythonText.split(text, "\n")) {
      if (PythonText.strip(line).isEmpty()) {
        parastart = true;
        continue;
      }
      Matcher m = WORD_TOKENIZER.matcher(line);
      boolean first = true;
      while (m.find()) {
        Token t = new Token(m.group());
        if (first) {
          t.parastart = parastart;
          t.linestart = true;
          parastart = false;
          first = false;
        }
        tokens.add(t);
      }
    }
    return tokens;
  }

  private List<Token> annotate(List<Token> tokens) {
    for (Token t : tokens) {
      firstPass(t);
    }
    for (int i = 0; i < tokens.size() - 1; i++) {
      secondPass(tokens.get(i), tokens.get(i + 1));
    }
    return tokens;
  }

  private void firstPass(Token t) {
    String tok = t.tok;
    if (tok.equals(".") || tok.equals("?") || tok.equals("!")) {
      t.sentbreak = true;
    } else if (ELLIPSIS.matcher(tok).matches()) {
      t.ellipsis = true;
    } else if (t.periodFinal && !tok.endsWith("..")) {
      String stem = PythonText.lower(tok.substring(0, tok.length() - 1));
      String[] parts = stem.split("-", -1);
      if (params.abbrevTypes().contains(stem)
          || params.abbrevTypes().contains(parts[parts.length - 1])) {
        t.abbr = true;
      } else {
        t.sentbreak = true;
      }
    }
  }

  private void secondPass(Token t1, Token t2) {
    if (!t1.periodFinal) {
      return;
    }
    String typ = t1.typeNoPeriod();
    String nextTyp = t2.typeNoSentPeriod();
    boolean initial = INITIAL.matcher(t1.tok).matches();

    if (params.isCollocation(typ, nextTyp)) {
      t1.sentbreak = false;
      t1.abbr = true;
      return;
    }
    if ((t1.abbr || t1.ellipsis) && !initial) {
      Ortho starter = orthoHeuristic(t2);
      if (starter == Ortho.TRUE) {
        t1.sentbreak = true;
        return;
      }
      if (t2.firstUpper() && params.sentenceStarters().contains(nextTyp)) {
        t1.sentbreak = true;
        return;
      }
    }
    if (initial || typ.equals("##number##")) {
      Ortho starter = orthoHeuristic(t2);
      if (starter == Ortho.FALSE) {
        t1.sentbreak = false;
        t1.abbr = true;
        return;
      }
      if (starter == Ortho.UNKNOWN
          && initial
          && t2.firstUpper()
          && (params.ortho(nextTyp) & ORTHO_LC) == 0) {
        t1.sentbreak = false;
        t1.abbr = true;
      }
    }
  }

  private enum Ortho {
    TRUE,
    FALSE,
    UNKNOWN
  }

  private Ortho orthoHeuristic(Token t) {
    if (t.tok.length() == 1 && ";:,.!?".indexOf(t.tok.charAt(0)) >= 0) {
      return Ortho.FALSE;
    }
    int ortho = params.ortho(t.typeNoSentPeriod());
    if (t.firstUpper() && (ortho & ORTHO_LC) != 0 && (ortho & ORTHO_MID_UC) == 0) {
      return Ortho.TRUE;
    }
    if (t.firstLower() && ((ortho & ORTHO_UC) != 0 || (ortho & ORTHO_BEG_LC) == 0)) {
      return Ortho.FALSE;
    }
    return Ortho.UNKNOWN;
  }

  /** A word token with the annotations of NLTK's {@code PunktToken}. */
  private static final class Token {
    final String tok;
    final String type;
    final boolean periodFinal;
    boolean parastart;
    boolean linestart;
    boolean sentbreak;
    boolean abbr;
    boolean ellipsis;

    Token(String tok) {
      this.tok = tok;
      this.type = NUMERIC.matcher(PythonText.lower(tok)).replaceAll("##number##");
      this.periodFinal = tok.endsWith(".");
    }

    String typeNoPeriod() {
      return PythonText.length(type) > 1 && type.endsWith(".")
          ? type.substring(0, type.length() - 1)
          : type;
    }

    String typeNoSentPeriod() {
      return sentbreak ? typeNoPeriod() : type;
    }

    boolean firstUpper() {
      return Character.isUpperCase(tok.codePointAt(0));
    }

    boolean firstLower() {
      return Character.isLowerCase(tok.codePointAt(0));
    }
  }

  private static final class EnglishHolder {
    static final PunktSentenceTokenizer ENGLISH =
        new PunktSentenceTokenizer(PunktParameters.english());
  }
}
