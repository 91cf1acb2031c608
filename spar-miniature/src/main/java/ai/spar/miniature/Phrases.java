package ai.spar.miniature;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Small English phrasing rules shared by the task and response writers. */
final class Phrases {
  private Phrases() {}

  /** "an" before a vowel letter, "a" otherwise. */
  static String article(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  /** The first letter in upper case. */
  static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  /** Every space-separated word capitalized. */
  static String titleCase(String s) {
    StringBuilder out = new StringBuilder();
    for (String w : s.split(" ")) {
      out.append(out.length() == 0 ? "" : " ").append(capitalize(w));
    }
    return out.toString();
  }

  /** A uniformly drawn element. */
  static <T> T pick(Random rnd, List<T> items) {
    return items.get(rnd.nextInt(items.size()));
  }

  /** A uniformly drawn element different from every one in {@code avoid} (if possible). */
  static String pickOther(Random rnd, List<String> items, List<String> avoid) {
    for (int attempt = 0; attempt < 32; attempt++) {
      String w = pick(rnd, items);
      if (!avoid.contains(w)) {
        return w;
      }
    }
    return items.stream().filter(w -> !avoid.contains(w)).findFirst().orElse(items.get(0));
  }

  /** {@code String.format} under {@link Locale#ROOT}. */
  static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
