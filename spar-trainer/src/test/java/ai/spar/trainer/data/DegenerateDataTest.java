package ai.spar.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.llm.chat.ChatMessage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DegenerateDataTest {
  private static PreferencePair pair(int row, String chosen, String rejected) {
    return new PreferencePair(
        new RowSource("t.parquet", row),
        List.of(ChatMessage.user("say it")),
        List.of(ChatMessage.assistant(chosen)),
        List.of(ChatMessage.assistant(rejected)));
  }

  @Test
  void pairsWithNothingToLearnAreDroppedAndCountedByReason() {
    var filtered =
        DegenerateData.pairs(
            List.of(
                pair(1, "yes", "no"),
                pair(2, "same", "same"),
                pair(3, " ", "no"),
                pair(4, "yes", ""),
                pair(5, "yes!", "no!")));
    assertThat(filtered.kept()).extracting(p -> p.source().row()).containsExactly(1L, 5L);
    assertThat(filtered.dropped())
        .containsExactly(
            java.util.Map.entry(DegenerateData.CHOSEN_EQUALS_REJECTED, 1L),
            java.util.Map.entry(DegenerateData.EMPTY_CHOSEN, 1L),
            java.util.Map.entry(DegenerateData.EMPTY_REJECTED, 1L));
    assertThat(filtered.droppedTotal()).isEqualTo(3);
  }

  @Test
  void sftExamplesWhoseTargetsAreEmptyAreDropped() {
    SftExample empty =
        new SftExample(
            new RowSource("s.parquet", 1),
            List.of(ChatMessage.user("q"), ChatMessage.assistant("")),
            Set.of(1));
    SftExample fine =
        new SftExample(
            new RowSource("s.parquet", 2),
            List.of(ChatMessage.user("q"), ChatMessage.assistant("a")),
            Set.of(1));
    var filtered = DegenerateData.sftExamples(List.of(empty, fine));
    assertThat(filtered.kept()).containsExactly(fine);
    assertThat(filtered.dropped()).containsEntry(DegenerateData.EMPTY_COMPLETION, 1L);
  }
}
