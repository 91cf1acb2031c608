package ai.spar.ifeval;

import ai.spar.ifeval.text.PythonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code combination:*} instructions. */
final class CombinationChecks {
  private CombinationChecks() {}

  /**
   * {@code combination:two_responses}: exactly two different responses separated by {@code ******}.
   */
  record TwoResponses() implements InstructionCheck {
    static final String ID = "combination:two_responses";

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      List<String> parts = PythonText.split(response, "******");
      List<String> valid = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        if (PythonText.strip(parts.get(i)).isEmpty()) {
          if (i != 0 && i != parts.size() - 1) {
            return fail("an empty response between ****** separators");
          }
        } else {
          valid.add(parts.get(i));
        }
      }
      if (valid.size() != 2) {
        return fail(
            String.format(
                Locale.ROOT,
                "found %d responses separated by ******, expected exactly 2",
                valid.size()));
      }
      return PythonText.strip(valid.get(0)).equals(PythonText.strip(valid.get(1)))
          ? fail("the two responses are identical")
          : pass("two different responses separated by ******");
    }
  }

  /**
   * {@code combination:repeat_prompt}: the response starts by repeating the request
   * (case-insensitive).
   */
  record RepeatPrompt(String promptToRepeat) implements InstructionCheck {
    static final String ID = "combination:repeat_prompt";

    static RepeatPrompt of(Kwargs k) {
      return new RepeatPrompt(k.string("prompt_to_repeat"));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      String expected = PythonText.lower(PythonText.strip(promptToRepeat));
      return PythonText.lower(PythonText.strip(response)).startsWith(expected)
          ? pass("starts by repeating the request word for word")
          : fail("does not start by repeating the request word for word");
    }
  }
}
