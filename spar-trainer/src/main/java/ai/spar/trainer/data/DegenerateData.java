package ai.spar.trainer.data;

import ai.spar.llm.chat.ChatMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rules that keep examples with nothing to learn out of training: a preference pair whose
 * chosen and rejected responses are equal (its DPO margin is always 0) or whose chosen or rejected
 * side is empty, and an SFT example whose trained turns are all empty. Such rows are dropped and
 * counted by reason; the caller logs the counts and records them in {@code metrics.jsonl}.
 */
public final class DegenerateData {
  /** Reason: chosen and rejected are the same turns. */
  public static final String CHOSEN_EQUALS_REJECTED = "chosen_equals_rejected";

  /** Reason: the chosen response has no text. */
  public static final String EMPTY_CHOSEN = "empty_chosen";

  /** Reason: the rejected response has no text. */
  public static final String EMPTY_REJECTED = "empty_rejected";

  /** Reason: every trained assistant turn (the completion) of an SFT example has no text. */
  public static final String EMPTY_COMPLETION = "empty_completion";

  private DegenerateData() {}

  /**
   * The rows that remain, and how many were dropped for each reason.
   *
   * @param kept the rows to train on, in their original order
   * @param dropped dropped rows by reason (only reasons that occurred), in reason order
   */
  public record Filtered<T>(List<T> kept, Map<String, Long> dropped) {
    public Filtered {
      kept = List.copyOf(kept);
      dropped = Collections.unmodifiableMap(new TreeMap<>(dropped));
    }

    /** Rows dropped for any reason. */
    public long droppedTotal() {
      return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Drops pairs with chosen == rejected or an empty side. */
  public static Filtered<PreferencePair> pairs(List<PreferencePair> pairs) {
    return filter(
        pairs,
        p -> {
          if (blank(p.chosen())) {
            return EMPTY_CHOSEN;
          }
          if (blank(p.rejected())) {
            return EMPTY_REJECTED;
          }
          return p.chosen().equals(p.rejected()) ? CHOSEN_EQUALS_REJECTED : null;
        });
  }

  /** Drops SFT examples whose trained turns are all empty. */
  public static Filtered<SftExample> sftExamples(List<SftExample> examples) {
    return filter(
        examples,
        e ->
            e.targets().stream().allMatch(t -> e.messages().get(t).content().isBlank())
                ? EMPTY_COMPLETION
                : null);
  }

  private static boolean blank(List<ChatMessage> turns) {
    return turns.stream()
        .filter(m -> m.role().equals(ChatMessage.ASSISTANT))
        .allMatch(m -> m.content().isBlank());
  }

  private static <T> Filtered<T> filter(List<T> rows, Function<T, String> reason) {
    List<T> kept = new ArrayList<>();
    Map<String, Long> dropped = new TreeMap<>();
    for (T row : rows) {
      String why = reason.apply(row);
      if (why == null) {
        kept.add(row);
      } else {
        dropped.merge(why, 1L, Long::sum);
      }
    }
    return new Filtered<>(kept, dropped);
  }
}
