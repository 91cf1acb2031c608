package ai.spar.refine;

import ai.spar.config.RefineConfig;
import ai.spar.config.SeedDeriver;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.Prompt;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * Refines judged responses in batches. Each attempt is one {@code generate} call for every request
 * that still misses refinements (a request asks for all its missing refinements with {@code n =
 * missing}); replies without the output format are retried up to {@code formatAttempts} attempts in
 * all, then skipped. So a batch costs at most {@code formatAttempts} model calls, however many
 * requests it holds.
 */
public final class Refiner {
  private final LanguageModel model;
  private final RefinementChat chat;
  private final RefineConfig config;

  /**
   * @param model the refiner model; not closed by this class
   * @param chat builds the refine chat
   * @param config sampling and the number of format attempts
   */
  public Refiner(LanguageModel model, RefinementChat chat, RefineConfig config) {
    Preconditions.checkArgument(model != null, "model must not be null");
    Preconditions.checkArgument(chat != null, "chat must not be null");
    Preconditions.checkArgument(config != null, "config must not be null");
    this.model = model;
    this.chat = chat;
    this.config = config;
  }

  public RefinementChat chat() {
    return chat;
  }

  /** One outcome per request, in request order. */
  public List<RefineOutcome> refine(List<RefineRequest> requests) {
    int size = requests.size();
    List<List<Refinement>> done = new ArrayList<>(size);
    int[] missing = new int[size];
    int[] failures = new int[size];
    List<List<String>> errors = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      done.add(new ArrayList<>());
      errors.add(new ArrayList<>());
      missing[i] = requests.get(i).count();
    }
    for (int attempt = 0; attempt < config.formatAttempts(); attempt++) {
      List<Integer> open = new ArrayList<>();
      List<GenerationRequest> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (missing[i] > 0) {
          RefineRequest request = requests.get(i);
          open.add(i);
          batch.add(
              new GenerationRequest(
                  Prompt.chat(
                      chat.messages(request.instruction(), request.response(), request.critique())),
                  config.sampling(missing[i], SeedDeriver.mix(request.seed(), attempt))));
        }
      }
      if (batch.isEmpty()) {
        break;
      }
      List<GenerationResult> results = model.generate(batch);
      Preconditions.checkState(
          results.size() == batch.size(),
          "model returned %s results for %s requests",
          results.size(),
          batch.size());
      for (int j = 0; j < open.size(); j++) {
        int i = open.get(j);
        GenerationResult result = results.get(j);
        if (!result.isOk()) {
          errors.get(i).add(result.error().orElseThrow());
          continue;
        }
        for (String reply : result.texts()) {
          if (missing[i] == 0) {
            break;
          }
          if (Extraction.fromReply(reply) instanceof Extraction.Refined refined) {
            done.get(i).add(new Refinement(reply, refined.output(), attempt));
            missing[i]--;
          } else {
            failures[i]++;
          }
        }
      }
    }
    List<RefineOutcome> outcomes = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      outcomes.add(new RefineOutcome(done.get(i), failures[i], missing[i], errors.get(i)));
    }
    return outcomes;
  }
}
