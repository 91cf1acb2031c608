package ai.spar.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.trainer.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTablesTest {
  @TempDir Path dir;

  private static ParquetTable table(String... locations) {
    return ParquetTable.open(List.of(locations), new Configuration());
  }

  @Test
  void readsStringPairsAsOneUserAndOneAssistantTurn() {
    Path file =
        TestTables.writeStringPairs(
            dir.resolve("p.parquet"), List.<String[]>of(new String[] {"Q?", "good", "bad"}));
    List<PreferencePair> pairs = TrainingTables.readPairs(table(file.toString()));
    assertThat(pairs).hasSize(1);
    assertThat(pairs.get(0).prompt()).containsExactly(ChatMessage.user("Q?"));
    assertThat(pairs.get(0).chosen()).containsExactly(ChatMessage.assistant("good"));
    assertThat(pairs.get(0).rejected()).containsExactly(ChatMessage.assistant("bad"));
    assertThat(pairs.get(0).source().row()).isZero();
  }

  @Test
  void readsChatColumnsInSparksListLayout() {
    String schema =
        "message m { "
            + TestTables.chatColumn("prompt")
            + TestTables.chatColumn("chosen")
            + TestTables.chatColumn("rejected")
            + " }";
    Path file =
        TestTables.write(
            dir.resolve("chat.parquet"),
            schema,
            List.of(1),
            (g, r) -> {
              TestTables.appendChat(g, "prompt", "system", "be brief", "user", "hi");
              TestTables.appendChat(g, "chosen", "assistant", "hello");
              TestTables.appendChat(g, "rejected", "assistant", "HELLO!!");
            });
    PreferencePair pair = TrainingTables.readPairs(table(file.toString())).get(0);
    assertThat(pair.prompt())
        .containsExactly(ChatMessage.system("be brief"), ChatMessage.user("hi"));
    assertThat(pair.rejected()).containsExactly(ChatMessage.assistant("HELLO!!"));
  }

  @Test
  void readsSeveralIterationsThroughAGlobAndSkipsHiddenFiles() throws Exception {
    for (int it = 0; it < 2; it++) {
      Path table = Files.createDirectories(dir.resolve("out/iteration=" + it + "/actor_pairs"));
      TestTables.writeStringPairs(
          table.resolve("part-0.parquet"), List.<String[]>of(new String[] {"q" + it, "c", "r"}));
      Files.writeString(table.resolve("_SUCCESS"), "");
    }
    Files.createDirectories(dir.resolve("out/iteration=1/actor_pairs/_temporary"));
    TestTables.writeStringPairs(
        dir.resolve("out/iteration=1/actor_pairs/_temporary/part-9.parquet"),
        List.<String[]>of(new String[] {"half-written", "c", "r"}));
    List<PreferencePair> pairs =
        TrainingTables.readPairs(table(dir.resolve("out") + "/iteration=*/actor_pairs"));
    assertThat(pairs).extracting(p -> p.prompt().get(0).content()).containsExactly("q0", "q1");
    assertThat(TrainingTables.readPairs(table(dir.resolve("out").toString()))).hasSize(2);
  }

  @Test
  void missingColumnNamesFileAndColumn() {
    Path file =
        TestTables.write(
            dir.resolve("nochosen.parquet"),
            "message m { optional binary prompt (STRING); optional binary rejected (STRING); }",
            List.of(1),
            (g, r) -> g.append("prompt", "p").append("rejected", "r"));
    assertThatThrownBy(() -> TrainingTables.readPairs(table(file.toString())))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("nochosen.parquet")
        .hasMessageContaining("missing column 'chosen'");
  }

  @Test
  void wrongTypeNamesFileAndColumn() {
    Path file =
        TestTables.write(
            dir.resolve("int.parquet"),
            "message m { optional binary prompt (STRING); optional int64 chosen; optional binary rejected (STRING); }",
            List.of(1),
            (g, r) -> g.append("prompt", "p").append("chosen", 3L).append("rejected", "r"));
    assertThatThrownBy(() -> TrainingTables.readPairs(table(file.toString())))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining(
            "int.parquet: column 'chosen' must be a string or a list of struct<role: string,"
                + " content: string>, but is: optional int64 chosen");
  }

  @Test
  void nullValueNamesFileRowAndColumn() {
    Path file =
        TestTables.write(
            dir.resolve("null.parquet"),
            TestTables.STRING_PAIRS,
            List.of(1),
            (g, r) -> g.append("prompt", "p").append("chosen", "c"));
    assertThatThrownBy(() -> TrainingTables.readPairs(table(file.toString())))
        .hasMessageContaining("null.parquet row 0: column 'rejected' is null");
  }

  @Test
  void emptyTableAndMissingPathAreErrors() {
    Path file = TestTables.writeStringPairs(dir.resolve("empty.parquet"), List.of());
    assertThatThrownBy(() -> TrainingTables.readPairs(table(file.toString())))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("the table is empty: no rows in")
        .hasMessageContaining("empty.parquet");
    assertThatThrownBy(() -> table(dir.resolve("nowhere").toString()))
        .hasMessageContaining("nowhere: no such file or directory");
  }

  @Test
  void sftRowsWithCompletionTrainOnlyTheCompletion() {
    String schema =
        "message m { "
            + TestTables.chatColumn("messages")
            + " optional binary completion (STRING); optional binary kind (STRING); }";
    Path file =
        TestTables.write(
            dir.resolve("sft.parquet"),
            schema,
            List.of(1),
            (g, r) -> {
              TestTables.appendChat(
                  g, "messages", "user", "judge", "assistant", "critique", "user", "refine");
              g.append("completion", "refined").append("kind", "REFINEMENT");
            });
    SftExample e = TrainingTables.readSftExamples(table(file.toString())).get(0);
    assertThat(e.messages()).hasSize(4).last().isEqualTo(ChatMessage.assistant("refined"));
    assertThat(e.targets()).containsExactly(3);
    // the reference's way (LLaMA-Factory trains every assistant turn): the critique too
    SftExample all = TrainingTables.readSftExamples(table(file.toString()), true).get(0);
    assertThat(all.messages()).isEqualTo(e.messages());
    assertThat(all.targets()).containsExactlyInAnyOrder(1, 3);
  }

  @Test
  void sftRowsWithoutCompletionTrainEveryAssistantTurn() {
    String schema = "message m { " + TestTables.chatColumn("messages") + " }";
    Path file =
        TestTables.write(
            dir.resolve("chat.parquet"),
            schema,
            List.of(1, 2),
            (g, r) -> {
              if (r == 1) {
                TestTables.appendChat(
                    g, "messages", "user", "a", "assistant", "b", "user", "c", "assistant", "d");
              } else {
                TestTables.appendChat(g, "messages", "user", "no answer");
              }
            });
    assertThatThrownBy(() -> TrainingTables.readSftExamples(table(file.toString())))
        .hasMessageContaining(
            "chat.parquet row 1: column 'messages' has no assistant turn to train");
    Path good =
        TestTables.write(
            dir.resolve("good.parquet"),
            schema,
            List.of(1),
            (g, r) ->
                TestTables.appendChat(
                    g, "messages", "user", "a", "assistant", "b", "user", "c", "assistant", "d"));
    assertThat(TrainingTables.readSftExamples(table(good.toString())).get(0).targets())
        .containsExactlyInAnyOrder(1, 3);
  }
}
