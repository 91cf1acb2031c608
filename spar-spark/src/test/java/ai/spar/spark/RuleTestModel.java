package ai.spar.spark;

import ai.spar.llm.Completion;
import ai.spar.llm.FinishReason;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.Prompt;
import ai.spar.llm.ScoringRequest;
import ai.spar.llm.SequenceScore;
import ai.spar.llm.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateless test double that plays actor, judge and refiner by rule, so a job's output depends
 * only on its input and seeds (never on batching or partitioning): the actor answers instructions
 * containing "easy" with "good answer" and others with "draft answer k"; the judge says Yes exactly
 * when the response contains "good"; the refiner turns any response into "good refined answer".
 * Static counters count actor calls across the JVM (local Spark runs tasks in the test JVM).
 */
public final class RuleTestModel implements LanguageModel {
  public static final AtomicInteger ACTOR_CALLS = new AtomicInteger();
  static final AtomicInteger GENERATE_CALLS = new AtomicInteger();

  /**
   * When set, the actor throws an Error (a crash, not a per-request failure) for instructions
   * containing it.
   */
  static volatile String crashOn;

  /**
   * When set, every actor call first counts down {@link #actorStarted} and then waits until this
   * latch opens: a run held in the middle of its work.
   */
  static volatile java.util.concurrent.CountDownLatch holdActor;

  static volatile java.util.concurrent.CountDownLatch actorStarted;

  @Override
  public List<GenerationResult> generate(List<GenerationRequest> requests) {
    GENERATE_CALLS.incrementAndGet();
    boolean actorCall = false;
    List<GenerationResult> results = new ArrayList<>();
    for (GenerationRequest request : requests) {
      List<ChatMessage> messages = ((Prompt.Chat) request.prompt()).messages();
      String last = messages.get(messages.size() - 1).content();
      List<Completion> completions = new ArrayList<>();
      for (int i = 0; i < request.sampling().n(); i++) {
        String text;
        if (messages.size() == 3) {
          text = "The response misses the point.\n[[start]]good refined answer[[end]]";
        } else if (last.contains("Final Judgement")) {
          String response =
              last.substring(last.indexOf("Response:") + 9, last.indexOf("List each"));
          text =
              "Checked the requirements.\nFinal Judgement: "
                  + (response.contains("good") ? "Yes" : "No");
        } else {
          actorCall = true;
          hold();
          String crash = crashOn;
          if (crash != null && last.contains(crash)) {
            throw new AssertionError("simulated executor crash on " + last);
          }
          text = last.contains("easy") ? "good answer" : "draft answer " + i;
        }
        completions.add(new Completion(text, List.of(1, 2, 3), FinishReason.EOS, -1.5));
      }
      results.add(GenerationResult.ok(completions, 10));
    }
    if (actorCall) {
      ACTOR_CALLS.incrementAndGet();
    }
    return results;
  }

  private static void hold() {
    java.util.concurrent.CountDownLatch hold = holdActor;
    if (hold == null) {
      return;
    }
    actorStarted.countDown();
    try {
      if (!hold.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new AssertionError("the held actor was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while held", e);
    }
  }

  @Override
  public List<SequenceScore> score(List<ScoringRequest> requests) {
    throw new IllegalStateException("not used by the job");
  }

  @Override
  public ModelInfo info() {
    return new ModelInfo("rule-test", "0123abcd", 4096, 100, "");
  }

  @Override
  public void close() {}

  /** Loads a fresh rule model in each executor. */
  public record Loader() implements ModelLoader {
    @Override
    public LanguageModel load(ModelKey key) {
      return new RuleTestModel();
    }
  }
}
