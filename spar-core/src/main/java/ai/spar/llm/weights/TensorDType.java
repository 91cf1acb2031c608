package ai.spar.llm.weights;

import java.util.Arrays;
import java.util.Locale;

/**
 * The element types this project reads and writes in safetensors files, with their header names.
 */
public enum TensorDType {
  /** IEEE 754 binary32. */
  F32(4),
  /** IEEE 754 binary16. */
  F16(2),
  /** bfloat16: the upper half of a binary32. */
  BF16(2);

  private final int bytes;

  TensorDType(int bytes) {
    this.bytes = bytes;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** The name used in safetensors headers ({@code "F32"}, {@code "F16"}, {@code "BF16"}). */
  public String headerName() {
    return name();
  }

  /**
   * Parses a header or command-line name, case-insensitively ({@code f32}, {@code float32}, {@code
   * bf16}...).
   *
   * @throws IllegalArgumentException naming the value and the supported names
   */
  public static TensorDType parse(String name) {
    String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    switch (n) {
      case "F32", "FLOAT32", "FLOAT":
        return F32;
      case "F16", "FLOAT16", "HALF":
        return F16;
      case "BF16", "BFLOAT16":
        return BF16;
      default:
        throw new IllegalArgumentException(
            "unsupported tensor dtype '"
                + name
                + "'; supported: "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
  }
}
