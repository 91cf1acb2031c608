package ai.spar.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.spar.llm.llama.LlamaModel;
import ai.spar.trainer.objective.TokenLogProbs;
import ai.spar.trainer.tokens.TokenizedSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning: the loss of an optimizer step is the mean negative log-likelihood over
 * all target tokens of its micro-batches (each item weighs its target token count).
 */
final class SftObjective implements BatchObjective {
  private final List<TokenizedSequence> examples;
  private final int[] lengths;

  SftObjective(List<TokenizedSequence> examples) {
    this.examples = examples;
    this.lengths = examples.stream().mapToInt(TokenizedSequence::length).toArray();
  }

  @Override
  public int size() {
    return examples.size();
  }

  @Override
  public int[] lengths() {
    return lengths;
  }

  @Override
  public double weight(int item) {
    return examples.get(item).targetCount();
  }

  @Override
  public MicroBatch run(
      LlamaModel model,
      int[] items,
      double weightTotal,
      NDManager step,
      GradientCollector collector) {
    List<TokenizedSequence> sequences = new ArrayList<>();
    for (int item : items) {
      sequences.add(examples.get(item));
    }
    PaddedBatch batch = PaddedBatch.of(sequences, step);
    NDArray logits = model.forward(batch.ids(), batch.attentionMask()); // [n, t, vocab]
    NDArray nll = TokenLogProbs.sum(logits, batch.ids(), batch.targetMask()).sum().neg(); // []
    NDArray share = nll.div((float) weightTotal); // []
    if (collector != null) {
      collector.backward(share);
    }
    double nllSum = nll.getFloat();
    return new MicroBatch(share.getFloat(), batch.tokens(), Map.of("nll", nllSum));
  }
}
