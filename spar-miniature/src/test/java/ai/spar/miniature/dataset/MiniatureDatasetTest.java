package ai.spar.miniature.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.ifeval.IfevalPrompt;
import ai.spar.judge.PromptTemplate;
import ai.spar.refine.RefinementChat;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniatureDatasetTest {
  private static final MiniatureDataConfig CONFIG =
      new MiniatureDataConfig(3, 30, 12, 10, 2048, 0.1, 2);

  @TempDir static Path out;
  static MiniatureDataSummary summary;

  @BeforeAll
  static void write() {
    summary = MiniatureDataset.write(CONFIG, chat(), out);
  }

  static RefinementChat chat() {
    Path prompts = Fixtures.projectRoot().resolve("conf/prompts");
    return new RefinementChat(
        PromptTemplate.load(
            prompts.resolve("judge.txt"),
            Set.of(PromptTemplate.INSTRUCTION, PromptTemplate.RESPONSE)),
        PromptTemplate.load(prompts.resolve("refine.txt"), Set.of()));
  }

  @Test
  void sftParquetHoldsFourRowsPerInstructionInTheTrainersSftForm() throws Exception {
    List<String> kinds = new ArrayList<>();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(
                new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(out.resolve(MiniatureDataset.SFT_FILE).toUri()))
            .withConf(new Configuration())
            .build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        kinds.add(row.getString("kind", 0));
        Group messages = row.getGroup("messages", 0);
        int turns = messages.getFieldRepetitionCount("list");
        assertThat(turns).isIn(1, 3);
        Group last = messages.getGroup("list", turns - 1).getGroup("element", 0);
        assertThat(last.getString("role", 0)).isEqualTo("user");
        assertThat(row.getString("completion", 0)).isNotBlank();
        assertThat(row.getString("instruction_id", 0)).startsWith("mini-3-");
      }
    }
    int judgmentPairs = summary.rowsByKind().get("judgment_yes");
    assertThat(judgmentPairs).isBetween(31, 60); // one or two per instruction, some with two
    assertThat(summary.rowsByKind())
        .containsEntry("refinement", 30)
        .containsEntry("answer", 30)
        .containsEntry("judgment_no", judgmentPairs);
    assertThat(kinds).hasSize(2 * 30 + 2 * judgmentPairs);
    assertThat(kinds.stream().distinct())
        .containsExactly("answer", "judgment_yes", "judgment_no", "refinement");
  }

  @Test
  void instructionSetsAreDisjointJsonlInIfevalForm() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Set<String> prompts = new HashSet<>();
    for (String file : List.of(MiniatureDataset.TRAIN_FILE, MiniatureDataset.EVAL_FILE)) {
      List<String> lines = Files.readAllLines(out.resolve(file));
      assertThat(lines).hasSize(file.equals(MiniatureDataset.TRAIN_FILE) ? 12 : 10);
      // the IFEval evaluation (spar iterate's loop.eval_input) reads them: integer keys 1..n
      assertThat(IfevalPrompt.read(out.resolve(file)))
          .extracting(IfevalPrompt::key)
          .containsExactlyElementsOf(
              java.util.stream.LongStream.rangeClosed(1, lines.size()).boxed().toList());
      for (String line : lines) {
        JsonNode row = json.readTree(line);
        assertThat(row.fieldNames())
            .toIterable()
            .containsExactly("key", "id", "prompt", "instruction_id_list", "kwargs");
        assertThat(row.get("id").asText()).startsWith("mini-3-");
        assertThat(row.get("instruction_id_list").size()).isEqualTo(row.get("kwargs").size());
        assertThat(prompts.add(row.get("prompt").asText())).isTrue();
      }
    }
  }

  @Test
  void writesTokenizerCheckpointAndSummary() throws Exception {
    assertThat(out.resolve("tokenizer/tokenizer.json")).isRegularFile();
    assertThat(out.resolve("tokenizer/tokenizer_config.json")).isRegularFile();
    assertThat(out.resolve("model-init/model.safetensors")).isRegularFile();
    assertThat(out.resolve("model-init/tokenizer.json"))
        .hasSameBinaryContentAs(out.resolve("tokenizer/tokenizer.json"));
    JsonNode written = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(written.path("vocabSize").asInt()).isEqualTo(summary.vocabSize());
    assertThat(summary.vocabSize()).isLessThanOrEqualTo(2048 + 6);
    assertThat(summary.tokenLengths()).containsKeys("answer", "judgment_no", "refinement");
    assertThat(summary.overContext()).isZero();
  }

  @Test
  void isDeterministic(@TempDir Path again) throws Exception {
    MiniatureDataset.write(CONFIG, chat(), again);
    for (String file :
        List.of(
            MiniatureDataset.SFT_FILE,
            MiniatureDataset.TRAIN_FILE,
            MiniatureDataset.EVAL_FILE,
            "tokenizer/tokenizer.json",
            "model-init/model.safetensors")) {
      assertThat(again.resolve(file)).hasSameBinaryContentAs(out.resolve(file));
    }
  }

  @Test
  void rejectsAnEmptySftSet() {
    assertThatThrownBy(() -> new MiniatureDataConfig(0, 0, 1, 1, 512, 0.1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sftInstructions must be >= 1, but was: 0");
  }
}
