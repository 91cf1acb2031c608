package ai.spar.llm.llama;

import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.GenerationService;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.Prompt;
import ai.spar.llm.PromptLogProbs;
import ai.spar.llm.SamplingParams;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GenerationService} over a loaded {@link DjlLlamaModel}: one thread owns the model and
 * drives a {@link ContinuousBatcher}, so requests of concurrent callers decode together and a
 * request arriving mid-way joins the running batch as soon as rows are free. Its batch keeps {@code
 * maxBatchRows} rows (fewer if {@code maxBatchTokens} cannot hold that many full-context rows) over
 * a timeline of {@code min(context length, maxBatchTokens)} slots.
 *
 * <p>Prompt scoring ({@link #promptLogProbs}) runs on the same thread between decode steps. A
 * request whose caller went away ({@link TextStream#cancelled}) is dropped and its rows freed
 * ({@link #cancelledRequests}). At most {@code maxPending} requests are accepted and unfinished at
 * a time; more are {@link Rejected} as {@code FULL}. The service does not own the model: close the
 * service, then the model.
 */
public final class ContinuousGenerationService implements GenerationService {
  private static final Logger LOG = LoggerFactory.getLogger(ContinuousGenerationService.class);

  private final DjlLlamaModel model;
  private final int maxPending;
  private final ContinuousBatcher batcher;
  private final LinkedBlockingQueue<Runnable> incoming = new LinkedBlockingQueue<>(); // on decode
  private final Object admission = new Object();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private int pending; // guarded by admission
  private boolean closing; // guarded by admission
  private volatile DecodeStats stats = DecodeStats.ZERO;
  private final AtomicLong cancelled = new AtomicLong();

  private ContinuousGenerationService(DjlLlamaModel model, int maxPending) {
    Preconditions.checkArgument(
        maxPending >= 1, "maxPending must be >= 1, but was: %s", maxPending);
    this.model = model;
    this.maxPending = maxPending;
    RuntimeOptions options = model.options();
    int capacity = Math.max(2, Math.min(model.info().contextLength(), options.maxBatchTokens()));
    int rows = Math.max(1, Math.min(options.maxBatchRows(), options.maxBatchTokens() / capacity));
    this.batcher = new ContinuousBatcher(model.llamaModel(), model.manager(), rows, capacity);
  }

  /**
   * Starts the service's decode thread. From then on only that thread uses {@code model} until the
   * service is closed.
   *
   * @param maxPending most requests accepted and unfinished at once, {@code >= 1}
   */
  public static ContinuousGenerationService start(DjlLlamaModel model, int maxPending) {
    ContinuousGenerationService service = new ContinuousGenerationService(model, maxPending);
    Thread thread = new Thread(service::run, "spar-decode-" + model.info().id());
    thread.setDaemon(true);
    thread.start();
    return service;
  }

  /** Rows decoded together at most. */
  public int batchRows() {
    return batcher.targetRows();
  }

  /**
   * Cache slots of the timeline (the most {@code prompt + maxNewTokens - 1} a request may need).
   */
  public int timelineSlots() {
    return batcher.capacity();
  }

  /**
   * Requests dropped unfinished because their caller went away ({@link TextStream#cancelled}):
   * their rows were freed for others.
   */
  public long cancelledRequests() {
    return cancelled.get();
  }

  /** Statistics of every decode step so far. */
  public DecodeStats decodeStats() {
    return stats;
  }

  @Override
  public CompletableFuture<GenerationResult> submit(GenerationRequest request, TextStream stream) {
    Preconditions.checkArgument(request != null, "request must not be null");
    Job job = new Job(request, stream == null ? TextStream.NONE : stream);
    accept();
    incoming.add(() -> start(job));
    return job.future;
  }

  @Override
  public CompletableFuture<PromptLogProbs> promptLogProbs(Prompt prompt, int topLogProbs) {
    Preconditions.checkArgument(prompt != null, "prompt must not be null");
    Preconditions.checkArgument(
        topLogProbs >= 0, "topLogProbs must be >= 0, but was: %s", topLogProbs);
    CompletableFuture<PromptLogProbs> future = new CompletableFuture<>();
    accept();
    incoming.add(
        () -> {
          try {
            future.complete(model.promptLogProbs(prompt, topLogProbs));
          } catch (RuntimeException e) {
            LOG.error("scoring a prompt failed", e);
            future.complete(PromptLogProbs.failed(String.valueOf(e.getMessage())));
          } finally {
            finished();
          }
        });
    return future;
  }

  /** Counts a request in, or rejects it. */
  private void accept() {
    synchronized (admission) {
      if (closing) {
        throw new Rejected(Rejected.Reason.CLOSING, "the server is shutting down");
      }
      if (pending >= maxPending) {
        throw new Rejected(
            Rejected.Reason.FULL,
            "the server is busy: " + pending + " requests are queued or running; retry later");
      }
      pending++;
    }
  }

  @Override
  public ModelInfo info() {
    return model.info();
  }

  @Override
  public int pending() {
    synchronized (admission) {
      return pending;
    }
  }

  @Override
  public void close() {
    synchronized (admission) {
      closing = true;
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (true) {
        for (Runnable task = incoming.poll(); task != null; task = incoming.poll()) {
          task.run();
        }
        if (batcher.hasWork()) {
          step();
          continue;
        }
        synchronized (admission) {
          if (closing && pending == 0) {
            return;
          }
        }
        Runnable next = incoming.poll(50, TimeUnit.MILLISECONDS);
        if (next != null) {
          next.run();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  private void step() {
    try {
      batcher.step();
      stats = batcher.stats();
    } catch (RuntimeException e) {
      LOG.error("decode step failed; failing the requests in flight", e);
      batcher.abandon();
    }
  }

  /** Tokenizes and checks a request, then hands it to the batcher (or fails it). */
  private void start(Job job) {
    try {
      SamplingParams s = job.request.sampling();
      job.prompt = model.encode(job.request.prompt());
      String problem = model.unservable(job.prompt, s.maxNewTokens());
      if (problem == null && job.prompt.length + s.maxNewTokens() - 1 > batcher.capacity()) {
        problem =
            "prompt of "
                + job.prompt.length
                + " tokens plus maxNewTokens "
                + s.maxNewTokens()
                + " needs more than the "
                + batcher.capacity()
                + " cache slots of the server (raise --max-batch-tokens)";
      }
      if (problem != null) {
        job.complete(GenerationResult.failed(problem));
        return;
      }
      batcher.submit(model.decodeRequest(job.prompt, s), job);
      job.stream.onAccepted();
    } catch (RuntimeException e) {
      job.complete(GenerationResult.failed(String.valueOf(e.getMessage())));
    }
  }

  private void finished() {
    synchronized (admission) {
      pending--;
    }
  }

  /** One request: collects its samples and streams their text. */
  private final class Job implements ContinuousBatcher.Listener {
    final GenerationRequest request;
    final TextStream stream;
    final CompletableFuture<GenerationResult> future = new CompletableFuture<>();
    final DecodedSample[] samples;
    final List<List<Integer>> ids = new ArrayList<>();
    final int[] emitted;
    final int holdBack;
    final boolean textWanted;
    int[] prompt;
    int ended;
    boolean dropped;

    Job(GenerationRequest request, TextStream stream) {
      this.request = request;
      this.stream = stream;
      int n = request.sampling().n();
      this.samples = new DecodedSample[n];
      this.emitted = new int[n];
      for (int i = 0; i < n; i++) {
        ids.add(new ArrayList<>());
      }
      this.holdBack =
          request.sampling().stop().stream().mapToInt(String::length).max().orElse(1) - 1;
      this.textWanted = stream != TextStream.NONE && stream.wantsText();
    }

    @Override
    public void onToken(int sample, int tokenId) {
      if (!textWanted) {
        return;
      }
      ids.get(sample).add(tokenId);
      String text = model.text(ids.get(sample));
      int stop = DjlLlamaModel.findStop(text, request.sampling().stop());
      int upTo = stop >= 0 ? stop : text.length() - holdBack;
      if (text.endsWith("\uFFFD")) {
        upTo = Math.min(upTo, text.length() - 1); // an incomplete UTF-8 sequence so far
      }
      emit(sample, text, upTo);
    }

    @Override
    public void onFinish(int sample, DecodedSample result) {
      samples[sample] = result;
      if (textWanted) {
        String text = model.completion(result, request.sampling()).text();
        emit(sample, text, text.length());
      }
      ended();
    }

    @Override
    public boolean cancelled() {
      return stream.cancelled();
    }

    @Override
    public void onDropped(int sample) {
      dropped = true;
      ended();
    }

    private void emit(int sample, String text, int upTo) {
      if (upTo > emitted[sample]) {
        String delta = text.substring(emitted[sample], upTo);
        emitted[sample] = upTo;
        try {
          stream.onText(sample, delta);
        } catch (RuntimeException e) {
          LOG.warn("a text stream failed: {}", e.toString());
        }
      }
    }

    private void ended() {
      if (++ended == samples.length) {
        if (dropped && stream.cancelled()) {
          cancelled.incrementAndGet();
        }
        complete(
            dropped
                ? GenerationResult.failed("the request was cancelled or its decode step failed")
                : model.result(Arrays.asList(samples), prompt.length, request.sampling()));
      }
    }

    void complete(GenerationResult result) {
      if (future.complete(result)) {
        finished();
      }
    }
  }
}
