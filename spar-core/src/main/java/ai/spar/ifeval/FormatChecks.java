package ai.spar.ifeval;

import ai.spar.ifeval.text.JsonSyntax;
import ai.spar.ifeval.text.PythonText;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code detectable_format:*} instructions. */
final class FormatChecks {
  private FormatChecks() {}

  private static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /**
   * {@code detectable_format:number_bullet_lists}: exactly N markdown bullet points ({@code *} or
   * {@code -}).
   */
  record BulletLists(int bullets) implements InstructionCheck {
    static final String ID = "detectable_format:number_bullet_lists";
    private static final Pattern STAR =
        Pattern.compile(
            "^" + PythonText.SPACE + "*\\*[^*].*$", Pattern.MULTILINE | PythonText.PYTHON_LINES);
    private static final Pattern DASH =
        Pattern.compile(
            "^" + PythonText.SPACE + "*-.*$", Pattern.MULTILINE | PythonText.PYTHON_LINES);

    static BulletLists of(Kwargs k) {
      return new BulletLists(k.integer("num_bullets", 0, Integer.MAX_VALUE));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      int n = count(STAR, response) + count(DASH, response);
      return verdict(
          n == bullets,
          String.format(Locale.ROOT, "found %d bullet points, expected exactly %d", n, bullets));
    }
  }

  /** {@code detectable_format:constrained_response}: contains one of the three fixed answers. */
  record ConstrainedResponse() implements InstructionCheck {
    static final String ID = "detectable_format:constrained_response";
    static final List<String> OPTIONS =
        List.of("My answer is yes.", "My answer is no.", "My answer is maybe.");

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      String value = PythonText.strip(response);
      for (String option : OPTIONS) {
        if (value.contains(option)) {
          return pass("contains \"" + option + "\"");
        }
      }
      return fail("contains none of " + OPTIONS);
    }
  }

  /**
   * {@code detectable_format:number_highlighted_sections}: at least N {@code *highlighted*}
   * sections.
   */
  record HighlightedSections(int highlights) implements InstructionCheck {
    static final String ID = "detectable_format:number_highlighted_sections";
    private static final Pattern SINGLE = Pattern.compile("\\*[^\\n*]*\\*");
    private static final Pattern DOUBLE = Pattern.compile("\\*\\*[^\\n*]*\\*\\*");

    static HighlightedSections of(Kwargs k) {
      return new HighlightedSections(k.integer("num_highlights", 0, Integer.MAX_VALUE));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      int n = 0;
      Matcher m = SINGLE.matcher(response);
      while (m.find()) {
        if (!PythonText.strip(PythonText.strip(m.group(), "*")).isEmpty()) {
          n++;
        }
      }
      m = DOUBLE.matcher(response);
      while (m.find()) {
        String g = m.group();
        if (!PythonText.strip(g.substring(2, g.length() - 2)).isEmpty()) {
          n++;
        }
      }
      return verdict(
          n >= highlights,
          String.format(
              Locale.ROOT, "found %d highlighted sections, expected at least %d", n, highlights));
    }
  }

  /**
   * {@code detectable_format:multiple_sections}: at least N sections marked "{@code <splitter>
   * <number>}".
   */
  record MultipleSections(String splitter, int sections) implements InstructionCheck {
    static final String ID = "detectable_format:multiple_sections";

    static MultipleSections of(Kwargs k) {
      return new MultipleSections(
          PythonText.strip(k.string("section_spliter")),
          k.integer("num_sections", 0, Integer.MAX_VALUE));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      String s = PythonText.SPACE;
      Pattern p =
          Pattern.compile(
              s + "?" + splitter + s + "?" + PythonText.DIGIT + "+" + s + "?",
              PythonText.PYTHON_LINES);
      int n = PythonText.reSplit(p, response).size() - 1;
      return verdict(
          n >= sections,
          String.format(
              Locale.ROOT,
              "found %d sections marked '%s X', expected at least %d",
              n,
              splitter,
              sections));
    }
  }

  /**
   * {@code detectable_format:json_format}: the whole response (optionally in a code fence) is JSON.
   */
  record JsonFormat() implements InstructionCheck {
    static final String ID = "detectable_format:json_format";

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      String v = PythonText.strip(response);
      for (String prefix : List.of("```json", "```Json", "```JSON", "```")) {
        if (v.startsWith(prefix)) {
          v = v.substring(prefix.length());
        }
      }
      if (v.endsWith("```")) {
        v = v.substring(0, v.length() - 3);
      }
      v = PythonText.strip(v);
      return JsonSyntax.isValid(v)
          ? pass("the response parses as JSON")
          : fail("the response is not valid JSON");
    }
  }

  /**
   * {@code detectable_format:title}: a non-empty title in double angular brackets, {@code
   * <<title>>}.
   */
  record Title() implements InstructionCheck {
    static final String ID = "detectable_format:title";
    private static final Pattern TITLE = Pattern.compile("<<[^\\n]+>>");

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      Matcher m = TITLE.matcher(response);
      while (m.find()) {
        String inner = PythonText.rstrip(PythonText.lstrip(m.group(), "<"), ">");
        if (!PythonText.strip(inner).isEmpty()) {
          return pass("has the title " + m.group());
        }
      }
      return fail("no title wrapped in double angular brackets such as <<title>>");
    }
  }
}
