package ai.spar.cli;

import ai.spar.miniature.ShippedModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spar miniature model}: the shipped miniature base model as a model directory. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "Copy the shipped miniature base model (trained from scratch by this project) to a model",
      "directory, e.g. as model.actor of `spar iterate --config conf/miniature/spar.yaml`."
    })
public final class MiniatureModelCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "work/models/miniature",
      description = "the model directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Path dir = ShippedModel.copyTo(out.toAbsolutePath());
    spec.commandLine().getOut().println("miniature model: " + dir);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
