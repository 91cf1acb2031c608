package ai.spar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.ifeval.VerifiableInstructions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputParserTest {

  @Test
  void parsesAnIfevalRowUsingItsKeyAsId() {
    InputRow row =
        InputParser.parse(
            3,
            "{\"key\": 1000, \"prompt\": \"Write a poem.\", \"instruction_id_list\":"
                + " [\"punctuation:no_comma\", \"length_constraints:number_words\"],"
                + " \"kwargs\": [{}, {\"relation\": \"at least\", \"num_words\": 50}]}");
    assertThat(row.isValid()).isTrue();
    assertThat(row.id()).isEqualTo("1000");
    assertThat(row.instruction().id()).isEqualTo("1000");
    assertThat(row.instruction().prompt()).isEqualTo("Write a poem.");
    assertThat(row.instruction().constraints().instructionIds())
        .containsExactly("punctuation:no_comma", "length_constraints:number_words");
    assertThat(row.instruction().constraints().kwargs())
        .containsExactly(Map.of(), Map.of("relation", "at least", "num_words", 50));
  }

  @Test
  void derivesAStableIdFromThePromptWhenNoneIsGiven() {
    InputRow a = InputParser.parse(1, "{\"prompt\": \"Say hi.\"}");
    InputRow b = InputParser.parse(9, "{\"prompt\": \"Say hi.\", \"other\": 1}");
    assertThat(a.id()).startsWith("p-").hasSize(18).isEqualTo(b.id());
    assertThat(InputParser.parse(1, "{\"prompt\": \"Say bye.\"}").id()).isNotEqualTo(a.id());
    assertThat(a.instruction().constraints()).isEqualTo(VerifiableInstructions.NONE);
  }

  @Test
  void constraintsWithoutKwargsGetEmptyArguments() {
    InputRow row =
        InputParser.parse(
            1,
            "{\"id\": \"a\", \"prompt\": \"x\", \"instruction_id_list\": [\"punctuation:no_comma\"]}");
    assertThat(row.isValid()).isTrue();
    assertThat(row.instruction().constraints().kwargs()).containsExactly(Map.of());
  }

  @Test
  void badRowsBecomeErrorsNamingTheRowAndField() {
    assertThat(InputParser.parse(7, "{not json").error()).startsWith("row 7: not valid JSON");
    assertThat(InputParser.parse(7, "[1, 2]").error()).isEqualTo("row 7: expected a JSON object");
    assertThat(InputParser.parse(7, "").error()).isEqualTo("row 7: expected a JSON object");
    assertThat(InputParser.parse(7, "{\"id\": \"x\"}").error())
        .isEqualTo("row 7: field 'prompt' is missing");
    assertThat(InputParser.parse(7, "{\"id\": \"x\", \"prompt\": \"  \"}").error())
        .isEqualTo("row 7: field 'prompt' is empty");
    assertThat(InputParser.parse(7, "{\"id\": \"x\", \"prompt\": 5}").error())
        .isEqualTo("row 7: field 'prompt' must be a string");
    assertThat(InputParser.parse(7, "{\"id\": [1], \"prompt\": \"p\"}").error())
        .isEqualTo("row 7: field 'id' must be a string or an integer");
    assertThat(
            InputParser.parse(
                    7,
                    "{\"id\": \"x\", \"prompt\": \"p\", \"instruction_id_list\": [\"a\", \"b\"],"
                        + " \"kwargs\": [{}]}")
                .error())
        .isEqualTo(
            "row 7: field 'kwargs' has 1 entries but 'instruction_id_list' has 2; they must be"
                + " parallel");
    assertThat(
            InputParser.parse(
                    7, "{\"id\": \"x\", \"prompt\": \"p\", \"instruction_id_list\": \"a\"}")
                .error())
        .isEqualTo("row 7: field 'instruction_id_list' must be an array of strings");
  }

  @Test
  void invalidRowsKeepTheirIdWhenTheyHaveOne() {
    assertThat(InputParser.parse(4, "{\"id\": \"q1\", \"prompt\": \"\"}").id()).isEqualTo("q1");
    assertThat(InputParser.parse(4, "{\"prompt\": \"\"}").id()).isEqualTo("row-4");
  }

  @Test
  void anUnknownInstructionIdOrAWronglyTypedKwargMakesTheRowInvalidWhenRead() {
    InputRow typed =
        InputParser.parse(
            4,
            "{\"id\": \"b\", \"prompt\": \"List things.\", \"instruction_id_list\":"
                + " [\"punctuation:no_comma\", \"detectable_format:number_bullet_lists\"],"
                + " \"kwargs\": [{}, {\"num_bullets\": \"three\"}]}");
    assertThat(typed.isValid()).isFalse();
    assertThat(typed.id()).isEqualTo("b");
    assertThat(typed.error())
        .isEqualTo(
            "row 4: field 'instruction_id_list'[1] / 'kwargs'[1]:"
                + " detectable_format:number_bullet_lists: kwarg 'num_bullets' must be an integer"
                + " in [0, 2147483647], but was: three");

    InputRow unknown =
        InputParser.parse(
            5,
            "{\"id\": \"c\", \"prompt\": \"x\", \"instruction_id_list\":"
                + " [\"punctuation:no_semicolon\"]}");
    assertThat(unknown.isValid()).isFalse();
    assertThat(unknown.error())
        .startsWith(
            "row 5: field 'instruction_id_list'[0] / 'kwargs'[0]: unknown instruction id"
                + " 'punctuation:no_semicolon'; supported ids: [");
  }
}
