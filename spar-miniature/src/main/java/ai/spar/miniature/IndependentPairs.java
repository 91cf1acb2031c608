package ai.spar.miniature;

import ai.spar.judge.Decision;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The independent-sampling baseline of the method (SPAR-METHOD.md section 2): per instruction, a
 * preference pair of two of the actor's own samples, one the judge passed (chosen) and one it
 * failed (rejected), with no refinement. The judge's decisions are the ones negative collection
 * recorded, so the baseline sees the same verdicts the tree search starts from.
 *
 * <p>Rule: for each instruction, the passing sample with the lowest sample index and the failing
 * sample with the lowest index; instructions without both produce no pair. Undecided and errored
 * samples are ignored. Pure and deterministic; pairs come in instruction-id order.
 */
public final class IndependentPairs {
  private IndependentPairs() {}

  /**
   * One judged actor sample, as the {@code samples} table holds it.
   *
   * @param instructionId the instruction's id
   * @param sampleIndex the sample's index among the K samples, >= 0
   * @param response the answer
   * @param decision the judge's majority decision ({@code PASS}, {@code FAIL}, {@code UNDECIDED} or
   *     {@code ERROR})
   */
  public record Sample(String instructionId, int sampleIndex, String response, String decision) {
    public Sample {
      Preconditions.checkArgument(
          instructionId != null && !instructionId.isBlank(), "instructionId must not be blank");
      Preconditions.checkArgument(
          sampleIndex >= 0, "sampleIndex must be >= 0, but was: %s", sampleIndex);
      Preconditions.checkArgument(response != null, "response must not be null");
      Preconditions.checkArgument(decision != null, "decision must not be null");
    }
  }

  /**
   * A pair of independent samples of one instruction.
   *
   * @param instructionId the instruction's id
   * @param chosen a sample the judge passed
   * @param rejected a sample the judge failed
   */
  public record Pair(String instructionId, String chosen, String rejected) {
    public Pair {
      Preconditions.checkArgument(
          instructionId != null && !instructionId.isBlank(), "instructionId must not be blank");
      Preconditions.checkArgument(chosen != null, "chosen must not be null");
      Preconditions.checkArgument(rejected != null, "rejected must not be null");
    }
  }

  /** The pairs of the samples, at most one per instruction. */
  public static List<Pair> select(List<Sample> samples) {
    Preconditions.checkArgument(samples != null, "samples must not be null");
    Map<String, Sample[]> byInstruction = new LinkedHashMap<>();
    List<Sample> ordered = new ArrayList<>(samples);
    ordered.sort(Comparator.comparing(Sample::instructionId).thenComparingInt(Sample::sampleIndex));
    for (Sample s : ordered) {
      Sample[] slots = byInstruction.computeIfAbsent(s.instructionId(), k -> new Sample[2]);
      if (s.decision().equals(Decision.PASS.name()) && slots[0] == null) {
        slots[0] = s;
      } else if (s.decision().equals(Decision.FAIL.name()) && slots[1] == null) {
        slots[1] = s;
      }
    }
    List<Pair> pairs = new ArrayList<>();
    byInstruction.forEach(
        (id, slots) -> {
          if (slots[0] != null && slots[1] != null) {
            pairs.add(new Pair(id, slots[0].response(), slots[1].response()));
          }
        });
    return pairs;
  }
}
