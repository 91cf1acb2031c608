package ai.spar.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordSchemaTest {
  enum Color {
    RED
  }

  record Inner(String name, double value) {}

  record Outer(
      String instructionId,
      int depth,
      Integer parentIndex,
      long seed,
      boolean passed,
      Color color,
      List<String> tags,
      List<Inner> votes,
      Map<String, String> meta,
      Inner best) {}

  record Renamed(String instructionId, @JsonProperty("nodes_used") int treeNodes) {}

  record Bad(Optional<String> maybe) {}

  @Test
  void derivesSnakeCaseColumnsWithNullabilityFromPrimitives() {
    assertThat(RecordSchema.of(Outer.class).treeString())
        .isEqualTo(
            String.join(
                "\n",
                "root",
                " |-- instruction_id: string (nullable = true)",
                " |-- depth: integer (nullable = false)",
                " |-- parent_index: integer (nullable = true)",
                " |-- seed: long (nullable = false)",
                " |-- passed: boolean (nullable = false)",
                " |-- color: string (nullable = true)",
                " |-- tags: array (nullable = true)",
                " |    |-- element: string (containsNull = true)",
                " |-- votes: array (nullable = true)",
                " |    |-- element: struct (containsNull = true)",
                " |    |    |-- name: string (nullable = true)",
                " |    |    |-- value: double (nullable = false)",
                " |-- meta: map (nullable = true)",
                " |    |-- key: string",
                " |    |-- value: string (valueContainsNull = true)",
                " |-- best: struct (nullable = true)",
                " |    |-- name: string (nullable = true)",
                " |    |-- value: double (nullable = false)",
                ""));
  }

  @Test
  void aJsonPropertyNamesTheColumnAsItNamesTheStagedJson() throws Exception {
    assertThat(RecordSchema.of(Renamed.class).fieldNames())
        .containsExactly("instruction_id", "nodes_used");
    assertThat(StagedRecords.JSON.writeValueAsString(new Renamed("a", 3)))
        .isEqualTo("{\"instruction_id\":\"a\",\"nodes_used\":3}");
  }

  @Test
  void rejectsUnsupportedTypesNamingTheComponent() {
    assertThatThrownBy(() -> RecordSchema.of(Bad.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad.maybe")
        .hasMessageContaining("java.util.Optional<java.lang.String>");
  }
}
