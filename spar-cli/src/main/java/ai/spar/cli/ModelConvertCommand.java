package ai.spar.cli;

import ai.spar.llm.llama.LlamaCheckpointWriter;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.weights.TensorDType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spar model convert}: the same checkpoint with its weights stored in another dtype. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrite a checkpoint with its weights stored as f32, f16 or bf16 (config, generation",
      "settings and tokenizer files carried over; the output is replaced atomically)."
    })
public final class ModelConvertCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "the model directory to read")
  Path model;

  @Option(names = "--out", required = true, description = "the model directory to write")
  Path out;

  @Option(
      names = "--dtype",
      required = true,
      description = "the element type to store: f32, f16 or bf16")
  String dtype;

  @Mixin ShardsOption shardsOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    TensorDType type = TensorDType.parse(dtype);
    LlamaConfig config = LlamaCheckpointWriter.convert(model, out, type, shardsOption.shards);
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "wrote %s: %,d parameters, %s, %d shard(s)%n",
            out,
            config.parameterCount(),
            type.name().toLowerCase(Locale.ROOT),
            shardsOption.shards)
        .flush();
    return 0;
  }
}
