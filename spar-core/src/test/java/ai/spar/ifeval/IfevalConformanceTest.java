package ai.spar.ifeval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every strict and loose verdict of the reference IFEval on the conformance responses must be
 * reproduced. Rows marked {@code langdetect_stable: false} depend on the detector's random draws;
 * mismatches there are counted and reported.
 */
class IfevalConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void reproducesEveryReferenceVerdict() throws Exception {
    Map<Long, IfevalPrompt> prompts = new HashMap<>();
    IfevalPrompt.bundled().forEach(p -> prompts.put(p.key(), p));
    List<String> responses = Fixtures.read("ifeval/responses.jsonl").lines().toList();
    List<String> expected = Fixtures.read("ifeval/expected.jsonl").lines().toList();
    assertThat(responses).hasSameSizeAs(expected);

    List<String> mismatches = new ArrayList<>();
    int unstableRows = 0;
    int unstableMismatches = 0;
    int verdicts = 0;
    for (int i = 0; i < responses.size(); i++) {
      JsonNode r = JSON.readTree(responses.get(i));
      JsonNode e = JSON.readTree(expected.get(i));
      assertThat(r.get("id").asText()).isEqualTo(e.get("id").asText());
      IfevalPrompt p = prompts.get(r.get("key").asLong());
      String response = r.get("response").asText();
      List<Boolean> strict =
          passed(IfevalVerifier.strict().verify(p.instructions(), p.prompt(), response));
      List<Boolean> loose =
          passed(IfevalVerifier.loose().verify(p.instructions(), p.prompt(), response));
      List<Boolean> wantStrict = bools(e.get("strict_follow_instruction_list"));
      List<Boolean> wantLoose = bools(e.get("loose_follow_instruction_list"));
      verdicts += 2 * strict.size();
      boolean unstable = e.has("langdetect_stable") && !e.get("langdetect_stable").asBoolean();
      unstableRows += unstable ? 1 : 0;
      if (!strict.equals(wantStrict) || !loose.equals(wantLoose)) {
        String line =
            String.format(
                "%s ids=%s strict=%s want=%s loose=%s want=%s",
                r.get("id").asText(),
                p.instructions().instructionIds(),
                strict,
                wantStrict,
                loose,
                wantLoose);
        if (unstable) {
          unstableMismatches++;
          System.out.println("tolerated (langdetect unstable): " + line);
        } else {
          mismatches.add(line);
        }
      }
    }
    // Printed so the numbers show in the build log whatever the logging configuration.
    System.out.printf(
        "IFEval conformance: %d rows, %d verdicts, %d mismatching rows; %d langdetect-unstable rows, %d of them"
            + " mismatching%n",
        responses.size(), verdicts, mismatches.size(), unstableRows, unstableMismatches);
    assertThat(mismatches).isEmpty();
  }

  private static List<Boolean> passed(List<CheckResult> results) {
    return results.stream().map(CheckResult::passed).toList();
  }

  private static List<Boolean> bools(JsonNode array) {
    List<Boolean> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asBoolean()));
    return out;
  }
}
