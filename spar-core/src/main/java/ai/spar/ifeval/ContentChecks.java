package ai.spar.ifeval;

import ai.spar.ifeval.text.PythonText;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code detectable_content:*} instructions. */
final class ContentChecks {
  private ContentChecks() {}

  /** {@code detectable_content:number_placeholders}: at least N {@code [placeholders]}. */
  record Placeholders(int placeholders) implements InstructionCheck {
    static final String ID = "detectable_content:number_placeholders";
    private static final Pattern PLACEHOLDER =
        Pattern.compile("\\[.*?\\]", PythonText.PYTHON_LINES);

    static Placeholders of(Kwargs k) {
      return new Placeholders(k.integer("num_placeholders", 0, Integer.MAX_VALUE));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      Matcher m = PLACEHOLDER.matcher(response);
      int n = 0;
      while (m.find()) {
        n++;
      }
      return verdict(
          n >= placeholders,
          String.format(
              Locale.ROOT,
              "found %d [placeholders] in square brackets, expected at least %d",
              n,
              placeholders));
    }
  }

  /**
   * {@code detectable_content:postscript}: a line starting with the postscript marker
   * (case-insensitive).
   */
  record Postscript(String marker) implements InstructionCheck {
    static final String ID = "detectable_content:postscript";

    static Postscript of(Kwargs k) {
      return new Postscript(PythonText.strip(k.string("postscript_marker")));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      String s = PythonText.SPACE;
      String regex;
      if (marker.equals("P.P.S")) {
        regex = s + "*p\\.\\s?p\\.\\s?s.*$".replace("\\s", s);
      } else if (marker.equals("P.S.")) {
        regex = s + "*p\\.\\s?s\\..*$".replace("\\s", s);
      } else {
        regex = s + "*" + PythonText.lower(marker) + ".*$";
      }
      boolean found =
          Pattern.compile(regex, Pattern.MULTILINE | PythonText.PYTHON_LINES)
              .matcher(PythonText.lower(response))
              .find();
      return found
          ? pass("has a postscript starting with " + marker)
          : fail("no postscript starting with " + marker + " found");
    }
  }
}
