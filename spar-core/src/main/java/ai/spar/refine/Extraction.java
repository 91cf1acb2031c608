package ai.spar.refine;

import com.google.common.base.Preconditions;

/**
 * What a refinement reply yields: the refined output, or a typed format failure. Pure.
 *
 * <p>The rule (SPAR-METHOD.md, expand): the first {@code [[start]]}; the text up to the first
 * following {@code [[end]]}, or to the end of the reply when there is none; trimmed. No {@code
 * [[start]]} is a format failure; so is an empty output and an output that itself holds a marker
 * (additions of this project: an empty response cannot be a refinement, and a response that shows
 * {@code [[start]]} or {@code [[end]]}, for example after a repeated {@code [[start]]}, is a
 * formatting accident the actor must not learn as a chosen answer).
 */
public sealed interface Extraction {
  String START = "[[start]]";
  String END = "[[end]]";

  /** The refined output, trimmed and non-empty. */
  record Refined(String output) implements Extraction {
    public Refined {
      Preconditions.checkArgument(
          output != null && !output.isBlank(), "a refined output must not be blank");
    }
  }

  /** The reply does not follow the output format. */
  record FormatFailure(String reason) implements Extraction {
    public FormatFailure {
      Preconditions.checkArgument(reason != null, "reason must not be null");
    }
  }

  /** Applies the extraction rule to a reply. */
  static Extraction fromReply(String reply) {
    int start = reply.indexOf(START);
    if (start < 0) {
      return new FormatFailure("no " + START + " marker");
    }
    int from = start + START.length();
    int end = reply.indexOf(END, from);
    String output = (end < 0 ? reply.substring(from) : reply.substring(from, end)).trim();
    if (output.isEmpty()) {
      return new FormatFailure("empty output between the markers");
    }
    for (String marker : new String[] {START, END}) {
      if (output.contains(marker)) {
        return new FormatFailure("the output between the markers contains another " + marker);
      }
    }
    return new Refined(output);
  }
}
