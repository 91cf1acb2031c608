package ai.spar.spark;

import static ai.spar.testing.DatasetAssertions.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.testing.Fixtures;
import ai.spar.testing.SparkSessionExtension;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Proves the Spark stack: a local session writes and reads Parquet through a Java bean encoder. */
@ExtendWith(SparkSessionExtension.class)
class SparkStackSmokeTest {

  /**
   * The Parquet file the trainer's smoke test reads without Spark (written by this Spark version).
   */
  static final String TRAINER_FIXTURE = "parquet/spark-written-pairs.parquet";

  SparkSession spark;

  /**
   * A preference pair as a Java bean (Spark's bean encoder needs a no-arg constructor and setters).
   */
  public static final class PairBean implements Serializable {
    private String prompt;
    private String chosen;
    private String rejected;
    private double similarity;
    private List<String> tags;

    public PairBean() {}

    PairBean(String prompt, String chosen, String rejected, double similarity, List<String> tags) {
      this.prompt = prompt;
      this.chosen = chosen;
      this.rejected = rejected;
      this.similarity = similarity;
      this.tags = tags;
    }

    public String getPrompt() {
      return prompt;
    }

    public void setPrompt(String prompt) {
      this.prompt = prompt;
    }

    public String getChosen() {
      return chosen;
    }

    public void setChosen(String chosen) {
      this.chosen = chosen;
    }

    public String getRejected() {
      return rejected;
    }

    public void setRejected(String rejected) {
      this.rejected = rejected;
    }

    public double getSimilarity() {
      return similarity;
    }

    public void setSimilarity(double similarity) {
      this.similarity = similarity;
    }

    public List<String> getTags() {
      return tags;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
    }
  }

  static List<PairBean> pairs() {
    return List.of(
        new PairBean(
            "Write in lowercase.", "all lowercase here", "Not Lowercase", 0.8, List.of("a")),
        new PairBean(
            "End with 'Done.'", "It is finished. Done.", "It is finished.", 0.9, List.of()),
        new PairBean(
            "Use no commas.", "No commas at all", "Commas, everywhere", 0.7, List.of("b", "c")));
  }

  @Test
  void writesAndReadsParquetWithABeanEncoder(@TempDir Path dir) {
    Encoder<PairBean> encoder = Encoders.bean(PairBean.class);
    Dataset<PairBean> written = spark.createDataset(pairs(), encoder);
    String path = dir.resolve("pairs").toUri().toString();
    written.write().mode(SaveMode.Overwrite).parquet(path);

    Dataset<PairBean> read = spark.read().parquet(path).as(encoder);
    assertThat(read.count()).isEqualTo(3);
    List<PairBean> rows = read.filter("similarity >= 0.8").collectAsList();
    assertThat(rows)
        .extracting(PairBean::getChosen)
        .containsExactlyInAnyOrder("all lowercase here", "It is finished. Done.");
    assertSameRows(read.toDF(), written.toDF());
  }

  /**
   * The committed fixture the trainer reads must be what this Spark version writes. Run with {@code
   * -Dspar.regenerateFixtures=true} to rewrite it.
   */
  @Test
  void trainerFixtureIsSparkWrittenParquetOfThePairs(@TempDir Path dir) throws IOException {
    Dataset<Row> expected = spark.createDataset(pairs(), Encoders.bean(PairBean.class)).toDF();
    if (Boolean.getBoolean("spar.regenerateFixtures")) {
      Path out = dir.resolve("out");
      expected.coalesce(1).write().parquet(out.toUri().toString());
      try (Stream<Path> files = Files.list(out)) {
        Path part =
            files
                .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                .findFirst()
                .orElseThrow();
        Path target =
            Fixtures.projectRoot().resolve("spar-test-support/fixtures").resolve(TRAINER_FIXTURE);
        Files.createDirectories(target.getParent());
        Files.copy(part, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Dataset<Row> fixture =
        spark.read().parquet(Fixtures.fixture(TRAINER_FIXTURE).toUri().toString());
    assertSameRows(fixture, expected);
  }
}
