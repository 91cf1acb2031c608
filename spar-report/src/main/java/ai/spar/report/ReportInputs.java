package ai.spar.report;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a report is built from.
 *
 * @param data a generation job's output: its root (every {@code iteration=N} below it) or one
 *     iteration directory (holding {@code _run.json}); any Hadoop file system URI or local path.
 *     Empty to take the data paths the loop recorded.
 * @param loop the loop's root (holding {@code iterations.json}), for training metrics, evaluation
 *     and the gate; empty for a job run on its own
 */
public record ReportInputs(Optional<String> data, Optional<Path> loop) {
  public ReportInputs {
    Preconditions.checkArgument(data != null, "data must not be null (use Optional.empty())");
    Preconditions.checkArgument(loop != null, "loop must not be null (use Optional.empty())");
    Preconditions.checkArgument(
        data.isPresent() || loop.isPresent(),
        "a report needs --data (a job output) or --loop (a loop root), but neither was given");
  }

  /** The report of one job output. */
  public static ReportInputs ofData(String data) {
    return new ReportInputs(Optional.of(data), Optional.empty());
  }

  /** The report of a loop: its recorded job outputs, metrics, evaluations and gate decisions. */
  public static ReportInputs ofLoop(Path loop) {
    return new ReportInputs(Optional.empty(), Optional.of(loop));
  }
}
