package ai.spar.miniature.synth;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sampled verifiable constraint: the IFEval instruction id, its kwargs and the sentence that
 * asks for it.
 *
 * @param id a reference instruction id
 * @param kwargs the arguments the checker is built from
 * @param phrase the natural-language request placed in the prompt
 */
public record Constraint(String id, Map<String, Object> kwargs, String phrase) {
  public Constraint {
    Preconditions.checkArgument(id != null && !id.isBlank(), "id must not be blank");
    Preconditions.checkArgument(kwargs != null, "kwargs must not be null");
    Preconditions.checkArgument(phrase != null && !phrase.isBlank(), "phrase must not be blank");
    kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
  }
}
