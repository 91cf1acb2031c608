package ai.spar.cli;

import ai.spar.llm.llama.DjlLlamaModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spar model logits}: the logits at every position of a token sequence, as JSON. */
@Command(
    name = "logits",
    mixinStandardHelpOptions = true,
    description = "Print {\"logits\": [[...], ...]}: the logits at every position of --ids.")
public final class ModelLogitsCommand implements Callable<Integer> {
  @Mixin ModelOptions modelOptions = new ModelOptions("cpu");

  @Option(
      names = "--ids",
      required = true,
      converter = IdList.class,
      description = "token ids, e.g. 1,2,3")
  List<Integer> ids;

  @Override
  public Integer call() throws Exception {
    try (DjlLlamaModel m = modelOptions.load()) {
      float[][] logits = m.logits(ids.stream().mapToInt(Integer::intValue).toArray());
      ObjectMapper json = new ObjectMapper();
      ObjectNode root = json.createObjectNode();
      ArrayNode rows = root.putArray("logits");
      for (float[] row : logits) {
        ArrayNode r = rows.addArray();
        for (float v : row) {
          r.add(v);
        }
      }
      System.out.println(json.writeValueAsString(root));
    }
    return 0;
  }
}
