package ai.spar.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;

/**
 * The trainer reads Parquet written by Spark with parquet-hadoop alone: Spark is not on its
 * classpath.
 */
class ParquetWithoutSparkSmokeTest {
  private static final String FIXTURE = "parquet/spark-written-pairs.parquet";

  @Test
  void sparkIsNotOnTheTrainerClasspath() {
    assertThatThrownBy(() -> Class.forName("org.apache.spark.sql.SparkSession"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void readsSparkWrittenPairsWithParquetHadoop() throws Exception {
    Path file = new Path(Fixtures.fixture(FIXTURE).toUri());
    Configuration conf = new Configuration(false);
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      Map<String, String> footer = reader.getFooter().getFileMetaData().getKeyValueMetaData();
      assertThat(footer).containsEntry("org.apache.spark.version", "4.1.3");
      assertThat(reader.getRecordCount()).isEqualTo(3);
    }

    List<String> chosen = new ArrayList<>();
    List<Integer> tagCounts = new ArrayList<>();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        chosen.add(row.getString("chosen", 0));
        Group tags = row.getGroup("tags", 0);
        tagCounts.add(tags.getFieldRepetitionCount("list"));
      }
    }
    assertThat(chosen)
        .containsExactly("all lowercase here", "It is finished. Done.", "No commas at all");
    assertThat(tagCounts).containsExactly(1, 0, 2);
  }
}
