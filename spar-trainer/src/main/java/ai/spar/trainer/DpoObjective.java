package ai.spar.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import ai.spar.llm.llama.LlamaModel;
import ai.spar.trainer.objective.PreferenceLoss;
import ai.spar.trainer.objective.PreferenceMetrics;
import ai.spar.trainer.objective.TokenLogProbs;
import ai.spar.trainer.tokens.TokenizedPair;
import ai.spar.trainer.tokens.TokenizedSequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DPO on tokenized pairs: chosen and rejected rows of a micro-batch go through one forward pass
 * together.
 */
final class DpoObjective implements BatchObjective {
  private final List<TokenizedPair> pairs;
  private final ReferenceLogProbs reference;
  private final PreferenceLoss loss;
  private final int[] lengths;

  DpoObjective(List<TokenizedPair> pairs, ReferenceLogProbs reference, PreferenceLoss loss) {
    this.pairs = pairs;
    this.reference = reference;
    this.loss = loss;
    this.lengths = pairs.stream().mapToInt(TokenizedPair::length).toArray();
  }

  @Override
  public int size() {
    return pairs.size();
  }

  @Override
  public int[] lengths() {
    return lengths;
  }

  @Override
  public double weight(int item) {
    return 1;
  }

  @Override
  public MicroBatch run(
      LlamaModel model,
      int[] items,
      double weightTotal,
      NDManager step,
      GradientCollector collector) {
    int n = items.length;
    List<TokenizedSequence> sequences = new ArrayList<>();
    float[] refChosen = new float[n];
    float[] refRejected = new float[n];
    for (int j = 0; j < n; j++) {
      sequences.add(pairs.get(items[j]).chosen());
      refChosen[j] = reference.chosen()[items[j]];
      refRejected[j] = reference.rejected()[items[j]];
    }
    for (int item : items) {
      sequences.add(pairs.get(item).rejected());
    }
    PaddedBatch batch = PaddedBatch.of(sequences, step);
    NDArray logits = model.forward(batch.ids(), batch.attentionMask()); // [2n, t, vocab]
    NDArray logps = TokenLogProbs.sum(logits, batch.ids(), batch.targetMask()); // [2n]
    NDArray policyChosen = logps.get(new NDIndex("0:" + n)); // [n]
    NDArray policyRejected = logps.get(new NDIndex(n + ":")); // [n]
    NDArray perPair =
        loss.perPair(
            policyChosen,
            policyRejected,
            step.create(refChosen),
            step.create(refRejected),
            batch.targetCounts().get(new NDIndex("0:" + n)),
            batch.targetCounts().get(new NDIndex(n + ":"))); // [n]
    NDArray share = perPair.sum().div((float) weightTotal); // []
    if (collector != null) {
      collector.backward(share);
    }
    PreferenceMetrics m =
        PreferenceMetrics.of(
            policyChosen.toFloatArray(),
            policyRejected.toFloatArray(),
            refChosen,
            refRejected,
            loss.beta());
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("rewards/chosen", m.rewardsChosen() * n);
    metrics.put("rewards/rejected", m.rewardsRejected() * n);
    metrics.put("rewards/accuracies", m.rewardsAccuracy() * n);
    metrics.put("rewards/margins", m.rewardsMargin() * n);
    metrics.put("logps/chosen", m.logpsChosen() * n);
    metrics.put("logps/rejected", m.logpsRejected() * n);
    return new MicroBatch(share.getFloat(), batch.tokens(), metrics);
  }
}
