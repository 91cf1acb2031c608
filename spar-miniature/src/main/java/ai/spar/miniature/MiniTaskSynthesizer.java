package ai.spar.miniature;

import static ai.spar.miniature.Phrases.fmt;
import static ai.spar.miniature.Phrases.pick;

import ai.spar.miniature.synth.Constraint;
import ai.spar.miniature.synth.ConstraintCatalog;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthesizes miniature tasks: a short task sentence about a word-bank subject ("Describe a red
 * fox.") followed by one or two constraints that never contradict each other, drawn from the
 * miniature's {@link ConstraintCatalog}. A candidate is kept only if {@link MiniTeacher} can write
 * both a compliant response and an imperfect twin for it.
 *
 * <p>Deterministic: row {@code i} of a seed depends only on (seed, i, word bank). Thread-safe.
 */
public final class MiniTaskSynthesizer {
  private static final int MAX_ATTEMPTS = 100;

  private static final List<String> TASKS =
      List.of(
          "Write about %s.",
          "Describe %s.",
          "Tell me about %s in the %s.",
          "Write a short note about %s.",
          "Tell a story about %s that likes to %s.");

  private final WordBank bank;
  private final MiniTeacher teacher;
  private final ConstraintCatalog catalog;

  /** A synthesizer over {@code bank}. */
  public MiniTaskSynthesizer(WordBank bank) {
    Preconditions.checkArgument(bank != null, "bank must not be null");
    this.bank = bank;
    this.teacher = new MiniTeacher(bank);
    this.catalog = MiniConstraints.catalog(bank);
  }

  /**
   * Row {@code index} of the stream for {@code seed}.
   *
   * @throws IllegalStateException if no task the teacher can answer was found (does not happen with
   *     the bundled word bank)
   */
  public MiniTask task(long seed, int index) {
    Preconditions.checkArgument(index >= 0, "index must be >= 0, but was: %s", index);
    Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + index);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      MiniTask candidate = candidate(seed, index, rnd);
      if (teacher.respond(candidate).isPresent()) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no answerable task found for row " + index + " after " + MAX_ATTEMPTS + " attempts");
  }

  /**
   * Disjoint instruction sets drawn from one stream: rows are taken in order, a row whose prompt
   * text was already taken is skipped, and the first {@code sizes[0]} distinct prompts form the
   * first set, the next {@code sizes[1]} the second, and so on.
   *
   * @throws IllegalStateException if the stream runs dry (far more rows than distinct prompts)
   */
  public List<List<MiniTask>> disjointSets(long seed, int... sizes) {
    List<List<MiniTask>> sets = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int index = 0;
    int skipped = 0;
    for (int size : sizes) {
      Preconditions.checkArgument(size >= 0, "set sizes must be >= 0, but was: %s", size);
      List<MiniTask> set = new ArrayList<>(size);
      while (set.size() < size) {
        MiniTask t = task(seed, index++);
        if (seen.add(t.prompt())) {
          set.add(t);
        } else if (++skipped > 10 * (index - skipped) + 1000) {
          throw new IllegalStateException(
              "too many duplicate prompts: " + skipped + " of " + index + " rows");
        }
      }
      sets.add(List.copyOf(set));
    }
    return List.copyOf(sets);
  }

  private MiniTask candidate(long seed, int index, Random rnd) {
    String adjective = pick(rnd, bank.adjectives());
    String noun = pick(rnd, bank.nouns());
    String place = pick(rnd, bank.places());
    int verb = rnd.nextInt(bank.verbs().size());
    MiniTask.Subject subject =
        new MiniTask.Subject(
            adjective, noun, place, bank.verbs().get(verb), bank.verbsThirdPerson().get(verb));
    String template = pick(rnd, TASKS);
    String task =
        template.contains("in the")
            ? fmt(template, subject.withArticle(), place)
            : template.contains("likes to")
                ? fmt(template, subject.withArticle(), subject.verb())
                : fmt(template, subject.withArticle());
    int count = 1 + rnd.nextInt(2);
    String sentence = Phrases.capitalize(task);
    List<Constraint> chosen = catalog.draw(rnd, count, sentence);
    return new MiniTask(
        String.format(java.util.Locale.ROOT, "mini-%d-%d", seed, index),
        ConstraintCatalog.prompt(sentence, chosen),
        subject,
        sentence,
        chosen);
  }
}
