package ai.spar.llm.weights;

/** Bit-exact conversions between float32 and the 16-bit float formats of safetensors files. */
final class HalfFloats {
  private HalfFloats() {}

  /** bfloat16 bits to float32: the bits are the upper half of the float32. */
  static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** float32 to bfloat16 bits, rounding to nearest even (NaN stays NaN). */
  static short floatToBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /** IEEE binary16 bits to float32 (exact: every binary16 value is a binary32 value). */
  static float f16ToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // zero or subnormal: mantissa * 2^-24
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** float32 to IEEE binary16 bits, rounding to nearest even; overflow becomes infinity. */
  static short floatToF16(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    if (Float.isNaN(value)) {
      return (short) (sign | 0x7E00);
    }
    float abs = Math.abs(value);
    if (abs >= 65520f) { // rounds to infinity in binary16
      return (short) (sign | 0x7C00);
    }
    if (abs < 0x1p-14f) {
      // subnormal range: quantize to multiples of 2^-24 with round-half-even
      int mantissa = (int) Math.rint(abs * 0x1p24f);
      return (short) (sign | mantissa);
    }
    int exponent = ((bits >>> 23) & 0xFF) - 112;
    int mantissa = bits & 0x7FFFFF;
    int half = (exponent << 10) | (mantissa >>> 13);
    int remainder = mantissa & 0x1FFF;
    if (remainder > 0x1000 || (remainder == 0x1000 && (half & 1) == 1)) {
      half++; // may carry into the exponent, which is the correct rounding
    }
    return (short) (sign | half);
  }
}
