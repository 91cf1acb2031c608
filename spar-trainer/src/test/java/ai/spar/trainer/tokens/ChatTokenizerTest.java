package ai.spar.trainer.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.tokenizer.HfTokenizer;
import ai.spar.testing.Fixtures;
import ai.spar.trainer.data.PreferencePair;
import ai.spar.trainer.data.RowSource;
import ai.spar.trainer.data.SftExample;
import ai.spar.trainer.data.TrainingDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChatTokenizerTest {
  private static final RowSource SOURCE = new RowSource("t.parquet", 7);

  /** The decoded text of the target tokens, one string per contiguous target run. */
  private static List<String> targetTexts(TokenizedSequence s, HfTokenizer tokenizer) {
    List<String> runs = new ArrayList<>();
    List<Integer> run = new ArrayList<>();
    for (int p = 0; p <= s.length(); p++) {
      if (p < s.length() && s.targets()[p]) {
        run.add(s.ids()[p]);
      } else if (!run.isEmpty()) {
        runs.add(tokenizer.decode(run, false));
        run.clear();
      }
    }
    return runs;
  }

  @Test
  void pairTargetsAreExactlyTheResponseAndItsEndOfTurn() {
    try (ChatTokenizer t = ChatTokenizer.load(Fixtures.tinyLlama(), 512, OverLength.ERROR);
        HfTokenizer hf = HfTokenizer.load(Fixtures.tinyLlama())) {
      PreferencePair pair =
          new PreferencePair(
              SOURCE,
              List.of(ChatMessage.user("hi there")),
              List.of(ChatMessage.assistant("good")),
              List.of(ChatMessage.assistant("bad answer")));
      Tokenized<TokenizedPair> out = t.tokenizePairs(List.of(pair));
      TokenizedPair p = out.items().get(0);
      assertThat(targetTexts(p.chosen(), hf)).containsExactly("good<|eot_id|>");
      assertThat(targetTexts(p.rejected(), hf)).containsExactly("bad answer<|eot_id|>");
      // the prompt tokens are shared and masked; they start with a single BOS
      int prompt = p.chosen().length() - p.chosen().targetCount();
      assertThat(Arrays.copyOf(p.chosen().ids(), prompt))
          .isEqualTo(Arrays.copyOf(p.rejected().ids(), prompt));
      assertThat(p.chosen().ids()[0]).isEqualTo(442);
      assertThat(p.chosen().ids()[1]).isNotEqualTo(442);
      assertThat(out.report())
          .isEqualTo(
              new TokenizationReport(
                  1,
                  1,
                  0,
                  0,
                  p.chosen().length() + p.rejected().length(),
                  p.chosen().targetCount() + p.rejected().targetCount()));
    }
  }

  @Test
  void multiTurnChatsTrainOnlyTheAssistantTurns() {
    try (ChatTokenizer t = ChatTokenizer.load(Fixtures.tinyLlama(), 512, OverLength.ERROR);
        HfTokenizer hf = HfTokenizer.load(Fixtures.tinyLlama())) {
      List<ChatMessage> chat =
          List.of(
              ChatMessage.system("sys"),
              ChatMessage.user("a"),
              ChatMessage.assistant("b b"),
              ChatMessage.user("c"),
              ChatMessage.assistant("d"));
      TokenizedSequence s = t.encode(chat, Set.of(2, 4), SOURCE);
      assertThat(targetTexts(s, hf)).containsExactly("b b<|eot_id|>", "d<|eot_id|>");
      assertThat(hf.decode(s.ids(), false))
          .isEqualTo(
              "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nsys<|eot_id|>"
                  + "<|start_header_id|>user<|end_header_id|>\n\na<|eot_id|>"
                  + "<|start_header_id|>assistant<|end_header_id|>\n\nb b<|eot_id|>"
                  + "<|start_header_id|>user<|end_header_id|>\n\nc<|eot_id|>"
                  + "<|start_header_id|>assistant<|end_header_id|>\n\nd<|eot_id|>");
      // only the last turn
      TokenizedSequence last = t.encode(chat, Set.of(4), SOURCE);
      assertThat(targetTexts(last, hf)).containsExactly("d<|eot_id|>");
      assertThat(last.ids()).isEqualTo(s.ids());
    }
  }

  @Test
  void cutoffTruncatesAndCountsOrFailsNamingFileRowAndColumn() {
    SftExample longOne =
        new SftExample(
            SOURCE,
            List.of(ChatMessage.user("q"), ChatMessage.assistant("x".repeat(200))),
            Set.of(1));
    SftExample shortOne =
        new SftExample(
            SOURCE, List.of(ChatMessage.user("q"), ChatMessage.assistant("y")), Set.of(1));
    try (ChatTokenizer t = ChatTokenizer.load(Fixtures.tinyLlama(), 24, OverLength.TRUNCATE)) {
      Tokenized<TokenizedSequence> out = t.tokenizeSft(List.of(longOne, shortOne));
      assertThat(out.items()).hasSize(2);
      assertThat(out.items().get(0).length()).isEqualTo(24);
      assertThat(out.report().truncated()).isEqualTo(1);
      assertThat(out.report().dropped()).isZero();
    }
    try (ChatTokenizer t = ChatTokenizer.load(Fixtures.tinyLlama(), 24, OverLength.DROP)) {
      TokenizationReport report = t.tokenizeSft(List.of(longOne, shortOne)).report();
      assertThat(report.kept()).isEqualTo(1);
      assertThat(report.dropped()).isEqualTo(1);
    }
    try (ChatTokenizer t = ChatTokenizer.load(Fixtures.tinyLlama(), 24, OverLength.ERROR)) {
      assertThatThrownBy(() -> t.tokenizeSft(List.of(longOne)))
          .isInstanceOf(TrainingDataException.class)
          .hasMessageStartingWith("t.parquet row 7: column 'messages' gives a sequence of")
          .hasMessageContaining("longer than the cutoff maxLength 24");
    }
  }

  @Test
  void lengthGroupedPlanCoversEveryItemOnceAndIsSeeded() {
    int[] lengths = new int[100];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = 10 + (i * 37) % 90;
    }
    List<int[]> plan = LengthGroupedBatches.plan(lengths, 4, 7, 0);
    assertThat(plan.stream().flatMapToInt(Arrays::stream).sorted().toArray())
        .isEqualTo(java.util.stream.IntStream.range(0, 100).toArray());
    assertThat(plan).usingRecursiveFieldByFieldElementComparator().isNotNull();
    assertThat(LengthGroupedBatches.plan(lengths, 4, 7, 0)).containsExactlyElementsOf(plan);
    assertThat(LengthGroupedBatches.paddingFactor(lengths, plan)).isLessThan(1.1);
  }
}
