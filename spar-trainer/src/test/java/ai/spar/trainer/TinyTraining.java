package ai.spar.trainer;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.trainer.data.PreferencePair;
import ai.spar.trainer.data.RowSource;
import ai.spar.trainer.tokens.ChatTokenizer;
import ai.spar.trainer.tokens.OverLength;
import ai.spar.trainer.tokens.TokenizedPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The set-up the training tests share: a fast configuration on the tiny fixtures and measures. */
final class TinyTraining {
  private TinyTraining() {}

  /**
   * The defaults of {@code objective} at learning rate 3e-3, 64 tokens, on the CPU, with {@code
   * settings} applied over them.
   */
  static TrainConfig config(Objective objective, Map<String, Object> settings) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("learningRate", 3e-3);
    all.put("maxLength", 64);
    all.put("device", "cpu");
    all.putAll(settings);
    return TrainConfig.defaults(objective).with(all);
  }

  /**
   * Mean of (chosen - rejected) log-prob over the pairs (prompt, chosen, rejected) under a model
   * directory, tokenized with the fixture {@code tokenizer}'s chat template.
   */
  static double preference(Path tokenizer, Path model, List<String[]> raw) {
    List<PreferencePair> pairs = new ArrayList<>();
    for (String[] p : raw) {
      pairs.add(
          new PreferencePair(
              new RowSource("mem", 0),
              List.of(ChatMessage.user(p[0])),
              List.of(ChatMessage.assistant(p[1])),
              List.of(ChatMessage.assistant(p[2]))));
    }
    List<TokenizedPair> tokenized;
    try (ChatTokenizer t = ChatTokenizer.load(tokenizer, 64, OverLength.ERROR)) {
      tokenized = t.tokenizePairs(pairs).items();
    }
    try (TrainableModel m = TrainableModel.load(model, "cpu")) {
      ReferenceLogProbs lp = ReferenceLogProbs.compute("k", m.model(), tokenized, 8, m.manager());
      double sum = 0;
      for (int i = 0; i < lp.chosen().length; i++) {
        sum += lp.chosen()[i] - lp.rejected()[i];
      }
      return sum / lp.chosen().length;
    }
  }

  /** The loss of the first step a run logged in {@code output}'s metrics. */
  static double firstLoss(Path output) {
    try {
      List<String> lines = Files.readAllLines(output.resolve(MetricsLog.FILE));
      return Double.parseDouble(lines.get(1).replaceAll(".*\"loss\":([-0-9.Ee]+).*", "$1"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
