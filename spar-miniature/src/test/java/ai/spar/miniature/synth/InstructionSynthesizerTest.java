package ai.spar.miniature.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.ifeval.VerifiableInstructions;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstructionSynthesizerTest {
  private final InstructionSynthesizer synth =
      new InstructionSynthesizer(InstructionSynthesizer.bundledTopics(), 1, 3);
  private final CompliantResponseWriter writer = new CompliantResponseWriter();

  @Test
  void sameSeedSameRowsAndDifferentSeedDifferentRows() {
    List<SynthesizedInstruction> a = synth.synthesize(20, 7);
    assertThat(synth.synthesize(20, 7)).isEqualTo(a);
    assertThat(synth.synthesize(20, 8)).isNotEqualTo(a);
  }

  @Test
  void compliantResponsesPassAndEachViolationFailsItsConstraint() {
    Set<String> idsSeen = new HashSet<>();
    for (SynthesizedInstruction row : synth.synthesize(150, 42)) {
      VerifiableInstructions ins = row.instructions();
      assertThat(ins.size()).isBetween(1, 3);
      assertThat(new HashSet<>(ins.instructionIds())).hasSize(ins.size());
      idsSeen.addAll(ins.instructionIds());
      String response = writer.write(ins, row.topic(), row.task()).orElseThrow();
      assertThat(IfevalVerifier.strict().verify(ins, row.prompt(), response))
          .as("%s\n%s", row.prompt(), response)
          .allMatch(CheckResult::passed);
      for (int i = 0; i < ins.size(); i++) {
        String id = ins.instructionIds().get(i);
        String bad = violate(id, ins.kwargs().get(i), response);
        VerifiableInstructions one =
            new VerifiableInstructions(List.of(id), List.of(ins.kwargs().get(i)));
        assertThat(IfevalVerifier.strict().verify(one, row.prompt(), bad).get(0).passed())
            .as("violation of %s %s\n%s", id, ins.kwargs().get(i), bad)
            .isFalse();
      }
    }
    assertThat(idsSeen).containsExactlyInAnyOrderElementsOf(ConstraintCatalog.IDS);
  }

  @Test
  void rejectsAnOutOfRangeConstraintCount() {
    assertThatThrownBy(() -> new InstructionSynthesizer(List.of("tea"), 2, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "constraints must be a range MIN..MAX with 1 <= MIN <= MAX <= 3, but was: 2..4");
  }

  /** A response that breaks exactly the given constraint, made from a compliant one. */
  private static String violate(String id, Map<String, Object> k, String ok) {
    int n;
    switch (id) {
      case "punctuation:no_comma":
        return ok + " Yes, indeed.";
      case "keywords:existence":
        String s = ok;
        for (Object w : (List<?>) k.get("keywords")) {
          s = s.replaceAll("(?i)" + w, "");
        }
        return s;
      case "keywords:frequency":
        n = ((Number) k.get("frequency")).intValue();
        return "at least".equals(k.get("relation"))
            ? ok.replaceAll("(?i)" + k.get("keyword"), "")
            : ok + " " + String.join(" ", Collections.nCopies(n, k.get("keyword").toString()));
      case "keywords:forbidden_words":
        return ok + " " + ((List<?>) k.get("forbidden_words")).get(0);
      case "keywords:letter_frequency":
        n = ((Number) k.get("let_frequency")).intValue();
        String letter = k.get("letter").toString();
        return "at least".equals(k.get("let_relation"))
            ? ok.replace(letter, "").replace(letter.toUpperCase(Locale.ROOT), "")
            : ok + " " + letter.repeat(n);
      case "length_constraints:number_words":
        n = ((Number) k.get("num_words")).intValue();
        return "at least".equals(k.get("relation")) ? "Too short." : ok + " word".repeat(n);
      case "length_constraints:number_sentences":
        n = ((Number) k.get("num_sentences")).intValue();
        return "at least".equals(k.get("relation")) ? "Too short." : ok + " One more.".repeat(n);
      case "length_constraints:number_paragraphs":
        return ok + "\n***\nAnother paragraph.";
      case "detectable_content:number_placeholders":
        return ok.replace("[", "(").replace("]", ")");
      case "detectable_content:postscript":
        return ok.replaceAll("(?i)p\\.", "");
      case "detectable_format:number_bullet_lists":
        return ok + "\n* one more point";
      case "detectable_format:number_highlighted_sections":
        return ok.replace("*", "");
      case "detectable_format:multiple_sections":
        return ok.replace(k.get("section_spliter").toString(), "Part");
      case "detectable_format:title":
        return ok.replace("<<", "").replace(">>", "");
      case "startend:end_checker":
        return ok + " Goodbye.";
      case "startend:quotation":
        return ok.replace("\"", "");
      case "change_case:english_lowercase":
        return ok + " Capital Letters.";
      case "change_case:english_capital":
        return ok + " lowercase letters.";
      case "change_case:capital_word_frequency":
        n = ((Number) k.get("capital_frequency")).intValue();
        return "at least".equals(k.get("capital_relation"))
            ? ok.toLowerCase(Locale.ROOT)
            : ok + " LOUD".repeat(n);
      case "combination:repeat_prompt":
        return "Sure. " + ok;
      default:
        throw new AssertionError("no violation for " + id);
    }
  }
}
