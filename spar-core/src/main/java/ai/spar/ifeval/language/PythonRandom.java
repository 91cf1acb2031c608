package ai.spar.ifeval.language;

import com.google.common.base.Preconditions;

/**
 * The parts of CPython's {@code random.Random} that the language detector draws from, bit for bit:
 * the MT19937 generator seeded as {@code random.seed(n)} seeds it (init_by_array over the 32-bit
 * words of |n|), {@code random()}, {@code getrandbits(k)}, {@code _randbelow(n)} (used by {@code
 * choice}) and {@code gauss(mu, sigma)} with its cached second value. Transcendental functions use
 * {@link StrictMath} (fdlibm), which agrees with the C library CPython calls to the last bit on all
 * but rare arguments.
 *
 * <p>Not thread-safe: one instance per detection.
 */
final class PythonRandom {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private static final double TWO_PI = 2.0 * Math.PI;

  private final int[] mt = new int[N];
  private int mti = N + 1;
  private double gaussNext;
  private boolean hasGaussNext;

  /** A generator seeded as {@code random.Random(seed)}. */
  PythonRandom(long seed) {
    seed(seed);
  }

  /** {@code random.seed(n)} for an integer n; also forgets the cached Gaussian value. */
  void seed(long seed) {
    long n = Math.abs(seed);
    int[] key = n >>> 32 == 0 ? new int[] {(int) n} : new int[] {(int) n, (int) (n >>> 32)};
    initByArray(key);
    hasGaussNext = false;
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (mti = 1; mti < N; mti++) {
      mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
    }
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** The next 32 random bits, as an unsigned value in a long. */
  long nextUint32() {
    int y;
    if (mti >= N) {
      int kk;
      for (kk = 0; kk < N - M; kk++) {
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
      }
      y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
      mti = 0;
    }
    y = mt[mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  /** {@code random()}: a double in [0, 1) with 53 random bits. */
  double random() {
    long a = nextUint32() >>> 5;
    long b = nextUint32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /** {@code getrandbits(k)} for 1 <= k <= 32. */
  long getrandbits(int k) {
    Preconditions.checkArgument(k >= 1 && k <= 32, "k must be in [1, 32], but was: %s", k);
    return nextUint32() >>> (32 - k);
  }

  /**
   * {@code _randbelow(n)}: a uniform int in [0, n) by rejection over {@code n.bit_length()} bits.
   */
  int randbelow(int n) {
    Preconditions.checkArgument(n > 0, "n must be positive, but was: %s", n);
    int k = 32 - Integer.numberOfLeadingZeros(n);
    long r = getrandbits(k);
    while (r >= n) {
      r = getrandbits(k);
    }
    return (int) r;
  }

  /** {@code gauss(mu, sigma)}: Box-Muller pairs, the second value cached for the next call. */
  double gauss(double mu, double sigma) {
    double z;
    if (hasGaussNext) {
      z = gaussNext;
      hasGaussNext = false;
    } else {
      double x2pi = random() * TWO_PI;
      double g2rad = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - random()));
      z = StrictMath.cos(x2pi) * g2rad;
      gaussNext = StrictMath.sin(x2pi) * g2rad;
      hasGaussNext = true;
    }
    return mu + z * sigma;
  }
}
