package ai.spar.cli;

import ai.spar.miniature.synth.InstructionSynthesizer;
import ai.spar.miniature.synth.SynthesizedInstruction;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spar instructions synth}: writes synthesized verifiable instructions as JSONL. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description =
        "Synthesize instructions with verifiable IFEval constraints (id, prompt, instruction_id_list, kwargs).")
public final class InstructionsSynthCommand implements Callable<Integer> {

  @Option(names = "--n", required = true, paramLabel = "N", description = "How many instructions.")
  int n;

  @Option(
      names = "--seed",
      required = true,
      paramLabel = "S",
      description = "Seed; the same seed gives the same rows.")
  long seed;

  @Option(
      names = "--topics",
      paramLabel = "FILE",
      description = "Topics, one per line (default: bundled list).")
  Path topics;

  @Option(
      names = "--constraints",
      paramLabel = "MIN..MAX",
      defaultValue = "1..3",
      description = "How many constraints per prompt (within 1..3); default ${DEFAULT-VALUE}.")
  String constraints;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSONL file.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (n < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--n must be >= 0, but was: " + n);
    }
    String[] range = constraints.split("\\.\\.", -1);
    int min;
    int max;
    try {
      min = Integer.parseInt(range[0].strip());
      max = Integer.parseInt(range[range.length - 1].strip());
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--constraints must look like MIN..MAX (e.g. 1..3), but was: " + constraints);
    }
    List<String> topicList =
        topics == null
            ? InstructionSynthesizer.bundledTopics()
            : InstructionSynthesizer.readTopics(topics);
    List<SynthesizedInstruction> rows =
        new InstructionSynthesizer(topicList, min, max).synthesize(n, seed);
    ObjectMapper json = new ObjectMapper();
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (SynthesizedInstruction r : rows) {
        w.write(json.writeValueAsString(r.toRow()));
        w.write('\n');
      }
    }
    spec.commandLine().getOut().println("wrote " + rows.size() + " instructions to " + out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
