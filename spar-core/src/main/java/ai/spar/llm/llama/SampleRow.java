package ai.spar.llm.llama;

import ai.spar.llm.FinishReason;
import ai.spar.llm.sampling.Sampler;
import ai.spar.llm.sampling.Softmax;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The state of one sample being decoded: its generator (seeded by the request's seed and the sample
 * index only, so the tokens do not depend on which rows share its batch), the ids generated so far
 * and where its prompt starts in the shared cache timeline. Not thread-safe.
 */
final class SampleRow {
  final DecodeRequest request;
  final int sample;
  private final RandomGenerator rng;
  private final List<Integer> generated = new ArrayList<>();
  private double logProb;
  private FinishReason reason;

  /** Slot of the cache timeline holding the first prompt token (slots before it are padding). */
  int pad;

  SampleRow(DecodeRequest request, int sample, int pad) {
    this.request = request;
    this.sample = sample;
    this.pad = pad;
    this.rng = Sampler.generator(request.seed(), sample);
  }

  /** Samples the next token; returns true when the sample is finished. */
  boolean accept(float[] logits) {
    int token = request.sampler().sample(logits, rng);
    logProb += Softmax.logProbability(logits, token);
    generated.add(token);
    if (request.eosTokenIds().contains(token)) {
      reason = FinishReason.EOS;
    } else if (request.stop().stopped(generated)) {
      reason = FinishReason.STOP;
    } else if (generated.size() >= request.maxNewTokens()) {
      reason = FinishReason.LENGTH;
    }
    return reason != null;
  }

  /** The last sampled id. */
  int last() {
    return generated.get(generated.size() - 1);
  }

  int generatedCount() {
    return generated.size();
  }

  /** Tokens this row may still write into the cache (its last possible token is never written). */
  int remaining() {
    return request.maxNewTokens() - generated.size();
  }

  /** The token at a slot of the padded sequence (prompt then generated), for recomputation. */
  long tokenAt(int slot, long padId) {
    int width = pad + request.prompt().length;
    if (slot < pad) {
      return padId;
    }
    return slot < width ? request.prompt()[slot - pad] : generated.get(slot - width);
  }

  DecodedSample result() {
    return new DecodedSample(generated, reason, logProb);
  }
}
