package ai.spar.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProgressLineTest {
  @Test
  void theTextShowsCountRateAndTimeLeft() {
    assertThat(ProgressLine.render("generate", "instructions", 12, 16, 4.0, "3 pairs"))
        .isEqualTo("generate 12/16 instructions  75% | 3.00/s | ETA 0:01 | 3 pairs");
    assertThat(ProgressLine.render("train dpo", "steps", 0, 400, 0, ""))
        .isEqualTo("train dpo 0/400 steps   0%");
    assertThat(ProgressLine.render("train dpo", "steps", 400, 400, 5000, "loss 0.52"))
        .isEqualTo("train dpo 400/400 steps 100% | 0.08/s | done in 1:23:20 | loss 0.52");
  }

  @Test
  void onATerminalTheLineIsRewrittenInPlaceAndEndsWithANewline() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong(0);
    ProgressLine line =
        new ProgressLine(
            "generate",
            "instructions",
            4,
            LoggerFactory.getLogger(ProgressLineTest.class),
            10_000,
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            now::get);

    now.set(1000);
    line.update(1, "");
    now.set(1100); // within the refresh interval: not drawn
    line.update(2, "");
    now.set(2000);
    line.update(4, "2 pairs");
    line.update(4, "drawn once");

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "\rgenerate 1/4 instructions  25% | 1.00/s | ETA 0:03\u001B[K\r"
                + "\rgenerate 4/4 instructions 100% | 2.00/s | done in 0:02 | 2 pairs\u001B[K\n");
  }
}
