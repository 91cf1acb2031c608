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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double that plays actor, judge and refiner by rule, so a job's output depends only on its
 * input and seeds (never on batching or partitioning): the actor answers instructions containing
 * "easy" with "good answer" and others with "draft answer k"; the judge says Yes exactly when the
 * response contains "good"; the refiner turns any response into "good refined answer".
 *
 * <p>What a test steers and counts lives in its own {@link Controls}: the test makes one, hands
 * {@link Controls#loader()} to the job, and reads the counters. Local Spark deserializes the loader
 * in the test JVM, where it finds its controls by id, so no two tests share state.
 */
public final class RuleTestModel implements LanguageModel {
  /** The controls of live tests by id: the executors' way back to their test's instance. */
  private static final Map<String, Controls> BY_ID = new ConcurrentHashMap<>();

  /** One test's switches and counters. Thread-safe. */
  public static final class Controls {
    private final String id = UUID.randomUUID().toString();

    /** Model calls that held actor requests. */
    public final AtomicInteger actorCalls = new AtomicInteger();

    /** Every {@code generate} call. */
    public final AtomicInteger generateCalls = new AtomicInteger();

    /**
     * When set, the actor throws an Error (a crash, not a per-request failure) for instructions
     * containing it.
     */
    public volatile String crashOn;

    private volatile CountDownLatch holdActor;
    private volatile CountDownLatch actorStarted;

    public Controls() {
      BY_ID.put(id, this);
    }

    /** The loader whose models report to these controls. */
    public Loader loader() {
      return new Loader(id);
    }

    /**
     * Makes every actor call wait until {@link #release()}: a run held in the middle of its work.
     *
     * @return a latch that opens when the first actor call has started
     */
    public CountDownLatch hold() {
      actorStarted = new CountDownLatch(1);
      holdActor = new CountDownLatch(1);
      return actorStarted;
    }

    /** Lets held actor calls go on; later calls are not held. */
    public void release() {
      CountDownLatch hold = holdActor;
      holdActor = null;
      if (hold != null) {
        hold.countDown();
      }
    }
  }

  private final Controls controls;

  private RuleTestModel(Controls controls) {
    this.controls = controls;
  }

  @Override
  public List<GenerationResult> generate(List<GenerationRequest> requests) {
    controls.generateCalls.incrementAndGet();
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
          waitIfHeld();
          String crash = controls.crashOn;
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
      controls.actorCalls.incrementAndGet();
    }
    return results;
  }

  private void waitIfHeld() {
    CountDownLatch hold = controls.holdActor;
    if (hold == null) {
      return;
    }
    controls.actorStarted.countDown();
    try {
      if (!hold.await(60, TimeUnit.SECONDS)) {
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

  /**
   * Loads a fresh rule model in each executor, reporting to the controls with the given id.
   *
   * @param controlsId the id of a test's {@link Controls}
   */
  public record Loader(String controlsId) implements ModelLoader {
    /** A loader with controls of its own, for a test that neither steers nor counts. */
    public Loader() {
      this(new Controls().id);
    }

    @Override
    public LanguageModel load(ModelKey key) {
      Controls controls = BY_ID.get(controlsId);
      if (controls == null) {
        throw new IllegalStateException("no RuleTestModel controls with id " + controlsId);
      }
      return new RuleTestModel(controls);
    }
  }
}
