package ai.spar.ifeval;

import ai.spar.ifeval.text.PythonText;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference IFEval evaluation of one response: {@link #strict()} checks the response as
 * written; {@link #loose()} also accepts an instruction when any of seven relaxed variants passes
 * (first line removed, last line removed, both, and each of those and the original with every
 * {@code *} deleted), as the reference's {@code test_instruction_following_loose} does. A response
 * (or variant) that is empty after stripping whitespace fails every instruction.
 *
 * <p>Immutable and thread-safe.
 */
public final class IfevalVerifier implements InstructionVerifier {

  private static final IfevalVerifier STRICT = new IfevalVerifier(false);
  private static final IfevalVerifier LOOSE = new IfevalVerifier(true);

  private final boolean loose;

  private IfevalVerifier(boolean loose) {
    this.loose = loose;
  }

  /** The strict evaluation. */
  public static IfevalVerifier strict() {
    return STRICT;
  }

  /** The loose evaluation. */
  public static IfevalVerifier loose() {
    return LOOSE;
  }

  /** Whether this is the loose evaluation. */
  public boolean isLoose() {
    return loose;
  }

  @Override
  public List<CheckResult> verify(
      VerifiableInstructions instructions, String prompt, String response) {
    Preconditions.checkArgument(instructions != null, "instructions must not be null");
    Preconditions.checkArgument(response != null, "response must not be null");
    List<InstructionCheck> checks = new ArrayList<>(instructions.size());
    for (int i = 0; i < instructions.size(); i++) {
      checks.add(
          InstructionRegistry.create(
              instructions.instructionIds().get(i), instructions.kwargs().get(i)));
    }
    List<String> variants = loose ? looseVariants(response) : List.of(response);
    List<CheckResult> results = new ArrayList<>(checks.size());
    for (InstructionCheck check : checks) {
      results.add(checkVariants(check, variants));
    }
    return results;
  }

  private CheckResult checkVariants(InstructionCheck check, List<String> variants) {
    CheckResult first = null;
    for (int v = 0; v < variants.size(); v++) {
      String r = variants.get(v);
      CheckResult result =
          PythonText.strip(r).isEmpty() ? check.fail("the response is empty") : check.check(r);
      if (result.passed()) {
        return v == 0
            ? result
            : check.pass(result.reason() + " (after " + VARIANT_NAMES.get(v) + ")");
      }
      if (first == null) {
        first = result;
      }
    }
    return first;
  }

  private static final List<String> VARIANT_NAMES =
      List.of(
          "no change",
          "removing '*'",
          "removing the first line",
          "removing the last line",
          "removing the first and last lines",
          "removing the first line and '*'",
          "removing the last line and '*'",
          "removing the first and last lines and '*'");

  /**
   * The eight responses the loose evaluation tries, in the reference's order (the original first).
   */
  public static List<String> looseVariants(String response) {
    List<String> lines = PythonText.split(response, "\n");
    int n = lines.size();
    String removeFirst = PythonText.strip(String.join("\n", lines.subList(Math.min(1, n), n)));
    String removeLast = PythonText.strip(String.join("\n", lines.subList(0, Math.max(0, n - 1))));
    String removeBoth = n >= 2 ? PythonText.strip(String.join("\n", lines.subList(1, n - 1))) : "";
    return List.of(
        response,
        response.replace("*", ""),
        removeFirst,
        removeLast,
        removeBoth,
        removeFirst.replace("*", ""),
        removeLast.replace("*", ""),
        removeBoth.replace("*", ""));
  }
}
