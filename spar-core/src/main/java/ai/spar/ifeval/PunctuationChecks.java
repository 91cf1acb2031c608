package ai.spar.ifeval;

/** The {@code punctuation:*} instructions. */
final class PunctuationChecks {
  private PunctuationChecks() {}

  /** {@code punctuation:no_comma}: no comma anywhere. */
  record NoComma() implements InstructionCheck {
    static final String ID = "punctuation:no_comma";

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      long n = response.chars().filter(c -> c == ',').count();
      return n == 0 ? pass("uses no commas") : fail("uses " + n + " commas, expected none");
    }
  }
}
