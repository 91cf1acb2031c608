package ai.spar.trainer.data;

import com.google.common.base.Preconditions;

/**
 * Where a training example came from, for error messages and provenance.
 *
 * @param file the Parquet file (a Hadoop path string)
 * @param row the 0-based row index within that file
 */
public record RowSource(String file, long row) {
  public RowSource {
    Preconditions.checkArgument(file != null && !file.isBlank(), "file must not be blank");
    Preconditions.checkArgument(row >= 0, "row must be >= 0, but was: %s", row);
  }

  @Override
  public String toString() {
    return file + " row " + row;
  }
}
