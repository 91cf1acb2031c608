package ai.spar.ifeval;

import ai.spar.ifeval.text.PythonText;

/** The {@code startend:*} instructions. */
final class StartEndChecks {
  private StartEndChecks() {}

  /** {@code startend:end_checker}: the response ends with the exact phrase (case-insensitive). */
  record EndChecker(String endPhrase) implements InstructionCheck {
    static final String ID = "startend:end_checker";

    static EndChecker of(Kwargs k) {
      return new EndChecker(PythonText.strip(k.string("end_phrase")));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      String value = PythonText.lower(PythonText.strip(PythonText.strip(response), "\""));
      return value.endsWith(PythonText.lower(PythonText.strip(endPhrase)))
          ? pass("ends with \"" + endPhrase + "\"")
          : fail("does not end with \"" + endPhrase + "\"");
    }
  }

  /** {@code startend:quotation}: the whole response is wrapped in double quotation marks. */
  record Quotation() implements InstructionCheck {
    static final String ID = "startend:quotation";

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      String v = PythonText.strip(response);
      boolean wrapped = PythonText.length(v) > 1 && v.startsWith("\"") && v.endsWith("\"");
      return wrapped
          ? pass("wrapped in double quotation marks")
          : fail("not wrapped in double quotation marks");
    }
  }
}
