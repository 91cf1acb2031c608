package ai.spar.refine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtractionTest {

  @Test
  void takesTheFirstStartUpToTheFirstFollowingEndTrimmed() {
    assertThat(Extraction.fromReply("think [[start]]\n a b \n[[end]] tail [[start]]x[[end]]"))
        .isEqualTo(new Extraction.Refined("a b"));
    assertThat(Extraction.fromReply("[[end]] [[start]]late[[end]]"))
        .isEqualTo(new Extraction.Refined("late"));
  }

  @Test
  void withoutAnEndTheRestOfTheReplyCounts() {
    assertThat(Extraction.fromReply("r [[start]] all of this "))
        .isEqualTo(new Extraction.Refined("all of this"));
  }

  @Test
  void aMissingStartOrAnEmptyOutputIsAFormatFailure() {
    assertThat(Extraction.fromReply("just text [[end]]"))
        .isEqualTo(new Extraction.FormatFailure("no [[start]] marker"));
    assertThat(Extraction.fromReply("[[start]]  [[end]]"))
        .isEqualTo(new Extraction.FormatFailure("empty output between the markers"));
  }

  @Test
  void anOutputHoldingAMarkerIsAFormatFailure() {
    assertThat(Extraction.fromReply("r [[start]] a [[start]] b [[end]]"))
        .isEqualTo(
            new Extraction.FormatFailure(
                "the output between the markers contains another [[start]]"));
    assertThat(Extraction.fromReply("r [[start]] a b [[en [[end]] tail"))
        .isEqualTo(new Extraction.Refined("a b [[en"));
    assertThat(Extraction.fromReply("r [[start]] a [[start]]"))
        .isEqualTo(
            new Extraction.FormatFailure(
                "the output between the markers contains another [[start]]"));
  }
}
