package ai.spar.miniature.synth;

import ai.spar.ifeval.VerifiableInstructions;
import com.google.common.base.Preconditions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Synthesizes verifiable instructions: a task sentence on a topic (bundled topics and task
 * templates, or the caller's topics) followed by 1-3 constraints drawn from {@link
 * ConstraintCatalog}, never contradictory, each with kwargs in sensible ranges. A candidate is kept
 * only if {@link CompliantResponseWriter} can write a response that passes every constraint, so
 * every prompt is satisfiable and checkable by the IFEval checkers.
 *
 * <p>Deterministic: row {@code i} depends only on (seed, i, topics, constraint range). Thread-safe.
 */
public final class InstructionSynthesizer {

  /** The classpath resource with the bundled topics. */
  public static final String TOPICS_RESOURCE = "/ai/spar/miniature/synth/topics.txt";

  private static final int MAX_ATTEMPTS = 200;

  private static final List<String> TASKS =
      List.of(
          "Write a short blog post about %s.",
          "Explain %s to a curious teenager.",
          "Draft a friendly newsletter item about %s.",
          "Give practical advice on %s for a beginner.",
          "Write a brief guide to %s.",
          "Describe why %s matters in everyday life.",
          "Prepare talking points for a community meeting about %s.",
          "Write a letter to a friend about %s.",
          "Summarize the key ideas behind %s.",
          "Create a study note on %s for a student.");

  private final List<String> topics;
  private final int minConstraints;
  private final int maxConstraints;
  private final CompliantResponseWriter writer = new CompliantResponseWriter();

  /**
   * @param topics the topics to draw from (non-empty)
   * @param minConstraints at least 1
   * @param maxConstraints at most 3 and at least {@code minConstraints}
   */
  public InstructionSynthesizer(List<String> topics, int minConstraints, int maxConstraints) {
    Preconditions.checkArgument(topics != null && !topics.isEmpty(), "topics must not be empty");
    Preconditions.checkArgument(
        minConstraints >= 1 && maxConstraints <= 3 && minConstraints <= maxConstraints,
        "constraints must be a range MIN..MAX with 1 <= MIN <= MAX <= 3, but was: %s..%s",
        minConstraints,
        maxConstraints);
    this.topics = List.copyOf(topics);
    this.minConstraints = minConstraints;
    this.maxConstraints = maxConstraints;
  }

  /** The bundled topics. */
  public static List<String> bundledTopics() {
    try (InputStream in = InstructionSynthesizer.class.getResourceAsStream(TOPICS_RESOURCE)) {
      Preconditions.checkState(in != null, "missing classpath resource %s", TOPICS_RESOURCE);
      return readTopics(new InputStreamReader(in, StandardCharsets.UTF_8), TOPICS_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads topics from a file: one per line, blank lines and {@code #} comments ignored. */
  public static List<String> readTopics(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return readTopics(r, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read topics from " + file, e);
    }
  }

  private static List<String> readTopics(Reader reader, String source) throws IOException {
    List<String> out = new ArrayList<>();
    BufferedReader br = new BufferedReader(reader);
    for (String line = br.readLine(); line != null; line = br.readLine()) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        Preconditions.checkArgument(
            !t.contains(","),
            "%s: topic '%s' must not contain a comma (it would break no-comma tasks)",
            source,
            t);
        out.add(t);
      }
    }
    Preconditions.checkArgument(!out.isEmpty(), "%s holds no topics", source);
    return out;
  }

  /** Synthesizes {@code n} instructions for {@code seed}. */
  public List<SynthesizedInstruction> synthesize(int n, long seed) {
    Preconditions.checkArgument(n >= 0, "n must be >= 0, but was: %s", n);
    List<SynthesizedInstruction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(synthesizeOne(seed, i));
    }
    return out;
  }

  /** Row {@code index} of the set for {@code seed}. */
  public SynthesizedInstruction synthesizeOne(long seed, int index) {
    Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + index);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String topic = topics.get(rnd.nextInt(topics.size()));
      String task = String.format(Locale.ROOT, TASKS.get(rnd.nextInt(TASKS.size())), topic);
      int count = minConstraints + rnd.nextInt(maxConstraints - minConstraints + 1);
      List<Constraint> chosen = ConstraintCatalog.ifeval().draw(rnd, count, task);
      List<String> idList = chosen.stream().map(Constraint::id).toList();
      List<Map<String, Object>> kwargs = chosen.stream().map(Constraint::kwargs).toList();
      VerifiableInstructions instructions = new VerifiableInstructions(idList, kwargs);
      if (writer.write(instructions, topic, task).isPresent()) {
        return new SynthesizedInstruction(
            String.format(Locale.ROOT, "synth-%d-%d", seed, index),
            ConstraintCatalog.prompt(task, chosen),
            topic,
            task,
            instructions);
      }
    }
    throw new IllegalStateException(
        "no satisfiable constraint combination found for row "
            + index
            + " after "
            + MAX_ATTEMPTS
            + " attempts");
  }
}
