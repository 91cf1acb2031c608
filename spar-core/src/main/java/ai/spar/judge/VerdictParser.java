package ai.spar.judge;

import ai.spar.config.VerdictRule;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the verdict from a judgment text. Pure and thread-safe. */
public enum VerdictParser {
  /**
   * The reference rule: the text after the first "Final Judgement"; neither "Yes" nor "No" in it is
   * unparseable, and if both occur the earlier wins. Substrings count ("Not" reads as "No"),
   * exactly as in the reference code.
   */
  REFERENCE {
    @Override
    public Verdict parse(String judgment) {
      int marker = judgment.indexOf(MARKER);
      if (marker < 0) {
        return Verdict.UNPARSEABLE;
      }
      String tail = judgment.substring(marker + MARKER.length());
      int yes = tail.indexOf("Yes");
      int no = tail.indexOf("No");
      if (yes < 0 && no < 0) {
        return Verdict.UNPARSEABLE;
      }
      if (no < 0 || (yes >= 0 && yes < no)) {
        return Verdict.YES;
      }
      return Verdict.NO;
    }
  },

  /**
   * The stricter rule: the last line that contains "Final Judgement" (or "Final Judgment"),
   * case-insensitively; after the marker, exactly one of the whole words "yes" or "no" must occur,
   * otherwise unparseable.
   */
  STRICT {
    @Override
    public Verdict parse(String judgment) {
      String[] lines = judgment.split("\\R", -1);
      for (int i = lines.length - 1; i >= 0; i--) {
        Matcher marker = STRICT_MARKER.matcher(lines[i]);
        if (marker.find()) {
          String tail = lines[i].substring(marker.end()).toLowerCase(Locale.ROOT);
          boolean yes = YES_WORD.matcher(tail).find();
          boolean no = NO_WORD.matcher(tail).find();
          if (yes == no) {
            return Verdict.UNPARSEABLE;
          }
          return yes ? Verdict.YES : Verdict.NO;
        }
      }
      return Verdict.UNPARSEABLE;
    }
  };

  static final String MARKER = "Final Judgement";
  private static final Pattern STRICT_MARKER =
      Pattern.compile("final\\s+judge?ment", Pattern.CASE_INSENSITIVE);
  private static final Pattern YES_WORD = Pattern.compile("\\byes\\b");
  private static final Pattern NO_WORD = Pattern.compile("\\bno\\b");

  /** Parses one judgment text; never throws for any text. */
  public abstract Verdict parse(String judgment);

  /** The parser for a configured rule. */
  public static VerdictParser of(VerdictRule rule) {
    return switch (rule) {
      case REFERENCE -> REFERENCE;
      case STRICT -> STRICT;
    };
  }
}
