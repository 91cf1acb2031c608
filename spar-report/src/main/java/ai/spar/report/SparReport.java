package ai.spar.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Builds the report of SPaR runs: {@link #data} computes what every section shows as JSON (the
 * numbers an analyst can copy), {@link #write} renders it into one self-contained HTML file. Each
 * section is either its data or {@code {"note": why}} when an optional input (the loop's state, the
 * trainer's metrics, known constraints) is missing.
 */
public final class SparReport {
  /** The file name the commands give the report next to their outputs. */
  public static final String FILE_NAME = "report.html";

  private SparReport() {}

  /**
   * The report's data.
   *
   * @throws IllegalArgumentException naming the input when {@code --data} holds no published
   *     iteration or {@code --loop} has no readable {@code iterations.json}
   */
  public static ObjectNode data(ReportInputs inputs, Configuration conf) {
    Optional<JsonNode> state = inputs.loop().map(LoopSections::state);
    List<String> locations =
        inputs.data().map(List::of).orElseGet(() -> LoopSections.dataLocations(state.get()));
    List<JobRun> runs = new ArrayList<>();
    for (String location : locations) {
      runs.addAll(JobRun.find(location, conf));
    }
    ObjectNode report = ReportJson.object();
    report.put("title", "SPaR report");
    report.put("generated_at", Instant.now().toString());
    ObjectNode sources = report.putObject("sources");
    ArrayNode data = sources.putArray("data");
    runs.forEach(r -> data.add(r.location()));
    sources.put("loop", inputs.loop().map(Path::toString).orElse(null));

    ObjectNode sections = report.putObject("sections");
    if (runs.isEmpty()) {
      String why = "no generation output yet: the loop has not finished a generate step";
      for (String s :
          List.of(
              "overview",
              "outcomes",
              "outcomes_by_constraint",
              "actor_pairs",
              "refiner_pairs",
              "trees",
              "distributions",
              "judge")) {
        sections.set(s, ReportJson.note(why));
      }
    } else {
      Map<Integer, InputConstraints> constraints = new LinkedHashMap<>();
      runs.forEach(
          r ->
              constraints.put(
                  r.iteration(),
                  InputConstraints.read(r.manifest().path("input").asText(null), conf)));
      sections.set("overview", RunSections.overview(runs));
      sections.set("outcomes", RunSections.outcomes(runs));
      sections.set("outcomes_by_constraint", JudgeSection.outcomesByConstraint(runs, constraints));
      sections.set("actor_pairs", PairSections.actorPairs(runs));
      sections.set("refiner_pairs", PairSections.refinerPairs(runs));
      sections.set("trees", PairSections.trees(runs));
      sections.set("distributions", RunSections.distributions(runs));
      sections.set("judge", JudgeSection.judgeVersusCheckers(runs, constraints));
    }
    String noLoop =
        "no loop state: pass --loop <loop root> (the directory with iterations.json) to see the"
            + " trainer's metrics, the evaluation per iteration and the gate's decisions";
    sections.set("training", state.map(LoopSections::training).orElse(ReportJson.note(noLoop)));
    sections.set("evaluation", state.map(LoopSections::evaluation).orElse(ReportJson.note(noLoop)));
    return report;
  }

  /**
   * Writes the report to {@code out}, a local path or any Hadoop file system URI, through a
   * temporary file renamed into place, and returns where it is.
   */
  public static String write(ReportInputs inputs, String out) {
    Configuration conf = new Configuration();
    byte[] html = HtmlReport.render(data(inputs, conf)).getBytes(StandardCharsets.UTF_8);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(out);
    String scheme = target.toUri().getScheme();
    try {
      if (scheme == null || "file".equals(scheme)) {
        Path local = Path.of(target.toUri().getPath()).toAbsolutePath();
        Files.createDirectories(local.getParent());
        Path tmp = local.resolveSibling("." + local.getFileName() + ".tmp");
        Files.write(tmp, html);
        Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return local.toString();
      }
      FileSystem fs = target.getFileSystem(conf);
      org.apache.hadoop.fs.Path tmp =
          new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp");
      try (OutputStream os = fs.create(tmp, true)) {
        os.write(html);
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
      return target.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + out, e);
    }
  }
}
