package ai.spar.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void rejectsUnsupportedTypesNamingTheComponent() {
    assertThatThrownBy(() -> RecordSchema.of(Bad.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad.maybe")
        .hasMessageContaining("java.util.Optional<java.lang.String>");
  }
}
