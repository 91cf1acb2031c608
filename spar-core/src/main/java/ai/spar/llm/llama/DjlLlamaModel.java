package ai.spar.llm.llama;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.spar.llm.Completion;
import ai.spar.llm.FinishReason;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.Prompt;
import ai.spar.llm.PromptLogProbs;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.ScoringRequest;
import ai.spar.llm.SequenceScore;
import ai.spar.llm.chat.ChatTemplate;
import ai.spar.llm.chat.TokenizerConfig;
import ai.spar.llm.sampling.Sampler;
import ai.spar.llm.tokenizer.HfTokenizer;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.llm.weights.WeightsHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-JVM {@link LanguageModel}: a Hugging Face Llama-family checkpoint on DJL's PyTorch engine.
 * Requests are tokenized (chat prompts through the model's template), checked (an empty prompt or
 * one that leaves no room for {@code maxNewTokens} in the context is an error result for that
 * request only), sorted by length and decoded with continuous batching ({@link ContinuousBatcher}:
 * {@link RuntimeOptions#maxBatchRows()} rows kept busy within the cache budget {@link
 * RuntimeOptions#maxBatchTokens()}) or, with {@link RuntimeOptions.Batching#STATIC}, in
 * micro-batches within the same limits. Both give the same tokens for the same seeds. Results come
 * back in request order.
 *
 * <p>One thread at a time. Closing frees the weights and the tokenizer.
 */
public final class DjlLlamaModel implements LanguageModel {
  private static final Logger LOG = LoggerFactory.getLogger(DjlLlamaModel.class);

  private final ModelInfo info;
  private final LlamaModel model;
  private final NDManager manager;
  private final HfTokenizer tokenizer;
  private final Optional<ChatTemplate> template;
  private final Set<Integer> eosTokenIds;
  private final int bosTokenId;
  private final RuntimeOptions options;
  private final StaticBatcher decoder;
  private DecodeStats continuousStats = DecodeStats.ZERO;
  private boolean closed;

  private DjlLlamaModel(
      ModelInfo info,
      LlamaModel model,
      NDManager manager,
      HfTokenizer tokenizer,
      Optional<ChatTemplate> template,
      Set<Integer> eosTokenIds,
      int bosTokenId,
      RuntimeOptions options) {
    this.info = info;
    this.model = model;
    this.manager = manager;
    this.tokenizer = tokenizer;
    this.template = template;
    this.eosTokenIds = eosTokenIds;
    this.bosTokenId = bosTokenId;
    this.options = options;
    this.decoder = new StaticBatcher(model, manager, options.kvCache());
  }

  /**
   * Loads a Hugging Face model directory: {@code config.json}, {@code generation_config.json},
   * safetensors weights, {@code tokenizer.json}, {@code tokenizer_config.json} / {@code
   * chat_template.jinja}.
   *
   * @throws IllegalArgumentException or {@link ai.spar.llm.weights.SafetensorsException} naming the
   *     file, key or tensor that is missing or unsupported
   */
  public static DjlLlamaModel load(Path directory, RuntimeOptions options) {
    LlamaConfig config = LlamaConfig.load(directory);
    GenerationConfig generation = GenerationConfig.load(directory);
    TokenizerConfig tokenizerConfig = TokenizerConfig.load(directory);
    Engine engine = PyTorchEngine.start(options.threads());
    Device device = PyTorchEngine.device(engine, options.device());
    DataType dtype = PyTorchEngine.computeType(device, options.dtype());
    NDManager manager = NDManager.newBaseManager(device, PyTorchEngine.NAME);
    HfTokenizer tokenizer = null;
    try {
      String hash;
      LlamaWeights weights;
      try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(directory)) {
        hash = WeightsHash.of(checkpoint.files());
        weights = LlamaWeights.load(config, checkpoint, manager, dtype);
      }
      weights.fuseProjections(); // inference only: the fused kernels use the same storage
      tokenizer = HfTokenizer.load(directory);
      Optional<ChatTemplate> template = ChatTemplate.of(tokenizerConfig);
      Set<Integer> eos = new LinkedHashSet<>(generation.eosTokenIds());
      eos.addAll(config.eosTokenIds());
      int bos = generation.bosTokenId() >= 0 ? generation.bosTokenId() : config.bosTokenId();
      ModelInfo info =
          new ModelInfo(
              directory.toAbsolutePath().normalize().getFileName().toString(),
              hash,
              config.maxPositions(),
              config.vocabSize(),
              template.map(ChatTemplate::hash).orElse(""));
      LOG.info(
          "loaded {} ({} parameters, {} layers) on {} as {}",
          info.id(),
          config.parameterCount(),
          config.numLayers(),
          device,
          dtype);
      return new DjlLlamaModel(
          info,
          new LlamaModel(weights, dtype),
          manager,
          tokenizer,
          template,
          Collections.unmodifiableSet(eos), // ordered: appendEos scores the first EOS id
          bos,
          options);
    } catch (RuntimeException e) {
      if (tokenizer != null) {
        tokenizer.close();
      }
      manager.close();
      throw e;
    }
  }

  @Override
  public List<GenerationResult> generate(List<GenerationRequest> requests) {
    GenerationResult[] results = new GenerationResult[requests.size()];
    List<Integer> servable = new ArrayList<>();
    int[][] prompts = new int[requests.size()][];
    for (int i = 0; i < requests.size(); i++) {
      GenerationRequest request = requests.get(i);
      try {
        prompts[i] = encode(request.prompt());
      } catch (IllegalArgumentException e) {
        results[i] = GenerationResult.failed(e.getMessage());
        continue;
      }
      String problem = unservable(prompts[i], request.sampling().maxNewTokens());
      if (problem != null) {
        results[i] = GenerationResult.failed(problem);
      } else {
        servable.add(i);
      }
    }
    servable.sort(Comparator.comparingInt(i -> prompts[i].length));
    if (options.kvCache() && options.batching() == RuntimeOptions.Batching.CONTINUOUS) {
      generateContinuously(servable, requests, prompts, results);
    } else {
      generateStatically(servable, requests, prompts, results);
    }
    return Arrays.asList(results);
  }

  /**
   * One continuous batch over every servable request: {@code maxBatchRows} rows (fewer if the
   * requests have fewer samples, or if the cache budget {@code maxBatchTokens} allows fewer rows of
   * the longest request), each with room for twice the longest request where the budget allows it,
   * so newcomers rarely wait for the timeline to be moved. Requests are admitted largest budget
   * first ({@link ContinuousBatcher#LONGEST_BUDGET_FIRST}).
   */
  private void generateContinuously(
      List<Integer> servable,
      List<GenerationRequest> requests,
      int[][] prompts,
      GenerationResult[] results) {
    if (servable.isEmpty()) {
      return;
    }
    Map<Integer, DecodeRequest> byRequest = new HashMap<>();
    for (int i : servable) {
      byRequest.put(i, decodeRequest(prompts[i], requests.get(i).sampling()));
    }
    List<Integer> order = new ArrayList<>(servable);
    order.sort(
        (a, b) ->
            ContinuousBatcher.LONGEST_BUDGET_FIRST.compare(byRequest.get(a), byRequest.get(b)));
    List<DecodeRequest> decodeRequests = order.stream().map(byRequest::get).toList();
    int maxNeed = 0;
    int totalRows = 0;
    for (DecodeRequest r : decodeRequests) {
      maxNeed = Math.max(maxNeed, ContinuousBatcher.slotsNeeded(r));
      totalRows += r.n();
    }
    maxNeed = Math.max(maxNeed, 2);
    int rows = Math.min(options.maxBatchRows(), totalRows);
    rows = Math.max(1, Math.min(rows, options.maxBatchTokens() / maxNeed));
    int capacity = Math.max(maxNeed, Math.min(2 * maxNeed, options.maxBatchTokens() / rows));
    ContinuousBatcher batcher = new ContinuousBatcher(model, manager, rows, capacity);
    List<List<DecodedSample>> decoded = batcher.decode(decodeRequests);
    continuousStats = continuousStats.plus(batcher.stats());
    for (int b = 0; b < order.size(); b++) {
      int i = order.get(b);
      results[i] = result(decoded.get(b), prompts[i].length, requests.get(i).sampling());
    }
  }

  /** Micro-batches within the row and token budgets, each decoded to the end. */
  private void generateStatically(
      List<Integer> servable,
      List<GenerationRequest> requests,
      int[][] prompts,
      GenerationResult[] results) {
    List<Integer> batch = new ArrayList<>();
    int rows = 0;
    int width = 0;
    int maxNew = 0;
    for (int i : servable) {
      SamplingParams s = requests.get(i).sampling();
      int newRows = rows + s.n();
      int newWidth = Math.max(width, prompts[i].length);
      int newMax = Math.max(maxNew, s.maxNewTokens());
      boolean fits =
          newRows <= options.maxBatchRows()
              && (long) newRows * (newWidth + newMax) <= options.maxBatchTokens();
      if (!batch.isEmpty() && !fits) {
        runBatch(batch, requests, prompts, results);
        batch.clear();
        newRows = s.n();
        newWidth = prompts[i].length;
        newMax = s.maxNewTokens();
      }
      batch.add(i);
      rows = newRows;
      width = newWidth;
      maxNew = newMax;
    }
    if (!batch.isEmpty()) {
      runBatch(batch, requests, prompts, results);
    }
  }

  private void runBatch(
      List<Integer> batch,
      List<GenerationRequest> requests,
      int[][] prompts,
      GenerationResult[] results) {
    List<DecodeRequest> decodeRequests = new ArrayList<>();
    for (int i : batch) {
      decodeRequests.add(decodeRequest(prompts[i], requests.get(i).sampling()));
    }
    List<List<DecodedSample>> decoded = decoder.decode(decodeRequests);
    for (int b = 0; b < batch.size(); b++) {
      int i = batch.get(b);
      results[i] = result(decoded.get(b), prompts[i].length, requests.get(i).sampling());
    }
  }

  /** The decode request of a tokenized prompt (stop strings are matched on the decoded text). */
  DecodeRequest decodeRequest(int[] prompt, SamplingParams s) {
    DecodeRequest.StopCondition stop =
        s.stop().isEmpty()
            ? DecodeRequest.StopCondition.NEVER
            : ids -> findStop(text(ids), s.stop()) >= 0;
    return new DecodeRequest(
        prompt, s.n(), 0, s.maxNewTokens(), Sampler.of(s), s.seed(), eosTokenIds, stop);
  }

  /** The completions of decoded samples: text without EOS and cut at the first stop string. */
  GenerationResult result(List<DecodedSample> samples, int promptTokens, SamplingParams s) {
    List<Completion> completions = new ArrayList<>();
    for (DecodedSample sample : samples) {
      completions.add(completion(sample, s));
    }
    return GenerationResult.ok(completions, promptTokens);
  }

  Completion completion(DecodedSample sample, SamplingParams s) {
    String text = text(sample.tokenIds());
    if (sample.reason() == FinishReason.STOP) {
      text = text.substring(0, findStop(text, s.stop()));
    }
    return new Completion(text, sample.tokenIds(), sample.reason(), sample.logProb());
  }

  /** Why a tokenized prompt cannot be served, or null if it can. */
  String unservable(int[] prompt, int maxNewTokens) {
    if (prompt.length == 0) {
      return "prompt is empty after templating and tokenization";
    }
    if (prompt.length + maxNewTokens > info.contextLength()) {
      return "prompt of "
          + prompt.length
          + " tokens plus maxNewTokens "
          + maxNewTokens
          + " exceeds the context length "
          + info.contextLength();
    }
    return null;
  }

  NDManager manager() {
    return manager;
  }

  RuntimeOptions options() {
    return options;
  }

  /** The text of generated ids, without a final EOS id and without special tokens. */
  String text(List<Integer> ids) {
    int end = ids.size();
    if (end > 0 && eosTokenIds.contains(ids.get(end - 1))) {
      end--;
    }
    return tokenizer.decode(ids.subList(0, end), true);
  }

  /** Index of the earliest stop string in {@code text}, or -1. */
  static int findStop(String text, List<String> stops) {
    int first = -1;
    for (String stop : stops) {
      int at = text.indexOf(stop);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    return first;
  }

  /**
   * Tokenizes a prompt. Chat prompts are rendered with the model's template; a BOS the tokenizer
   * adds in front of a template that already starts with one is dropped.
   *
   * @throws IllegalArgumentException if the model has no template for a chat prompt, or an id is
   *     out of range
   */
  int[] encode(Prompt prompt) {
    if (prompt instanceof Prompt.Tokens tokens) {
      for (int id : tokens.ids()) {
        if (id < 0 || id >= info.vocabSize()) {
          throw new IllegalArgumentException(
              "token ids must be in [0, " + info.vocabSize() + "), but one was: " + id);
        }
      }
      return tokens.ids().stream().mapToInt(Integer::intValue).toArray();
    }
    if (prompt instanceof Prompt.Text text) {
      return tokenizer.encode(text.text(), true);
    }
    Prompt.Chat chat = (Prompt.Chat) prompt;
    ChatTemplate chatTemplate =
        template.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "model " + info.id() + " has no chat template; configure one explicitly"));
    int[] ids =
        tokenizer.encode(chatTemplate.render(chat.messages(), chat.addGenerationPrompt()), true);
    if (ids.length >= 2 && ids[0] == bosTokenId && ids[1] == bosTokenId) {
      return Arrays.copyOfRange(ids, 1, ids.length);
    }
    return ids;
  }

  @Override
  public List<SequenceScore> score(List<ScoringRequest> requests) {
    return new SequenceScorer(model, manager, options).score(requests, this::scoringTokens);
  }

  /**
   * The log-probabilities of a prompt's own tokens, with the {@code top} most likely alternatives
   * at each position (an OpenAI-compatible {@code echo} answer). Token texts and offsets come from
   * decoding growing prefixes of the prompt (special tokens skipped), so the offsets index the
   * decoded prompt and a token's text is what it adds to it.
   *
   * @return an error result for a prompt that cannot be tokenized, is empty or exceeds the context
   */
  PromptLogProbs promptLogProbs(Prompt prompt, int top) {
    int[] ids;
    try {
      ids = encode(prompt);
    } catch (IllegalArgumentException e) {
      return PromptLogProbs.failed(e.getMessage());
    }
    if (ids.length == 0) {
      return PromptLogProbs.failed("prompt is empty after templating and tokenization");
    }
    if (ids.length > info.contextLength()) {
      return PromptLogProbs.failed(
          "prompt of " + ids.length + " tokens exceeds the context length " + info.contextLength());
    }
    SequenceScorer.Positions positions =
        ids.length < 2 ? null : new SequenceScorer(model, manager, options).positions(ids, top);
    List<String> tokens = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    List<Double> logProbs = new ArrayList<>();
    List<Map<String, Double>> tops = new ArrayList<>();
    String before = "";
    for (int p = 0; p < ids.length; p++) {
      String upTo = tokenizer.decode(Arrays.copyOf(ids, p + 1), true);
      int start = Math.min(before.length(), upTo.length());
      offsets.add(start);
      tokens.add(upTo.substring(start));
      before = upTo;
      if (p == 0) {
        logProbs.add(Double.NaN);
        tops.add(Map.of());
        continue;
      }
      logProbs.add(positions.picked()[p - 1]);
      Map<String, Double> alternatives = new LinkedHashMap<>();
      for (int j = 0; j < positions.topIds()[p - 1].length; j++) {
        alternatives.putIfAbsent(
            tokenizer.decode(new int[] {positions.topIds()[p - 1][j]}, false),
            positions.topLogProbs()[p - 1][j]);
      }
      tops.add(Collections.unmodifiableMap(alternatives));
    }
    return new PromptLogProbs(tokens, offsets, logProbs, tops, Optional.empty());
  }

  /** Prompt ids and continuation ids (with the EOS id appended when asked). */
  private int[][] scoringTokens(ScoringRequest request) {
    int[] prompt = encode(request.prompt());
    int[] continuation = tokenizer.encode(request.continuation(), false);
    if (request.appendEos()) {
      continuation = Arrays.copyOf(continuation, continuation.length + 1);
      continuation[continuation.length - 1] = eosTokenIds.iterator().next();
    }
    return new int[][] {prompt, continuation};
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /** The decoder's accumulated statistics (for benchmarks). */
  public DecodeStats decodeStats() {
    return decoder.stats().plus(continuousStats);
  }

  /** The tokenizer (owned by this model). */
  public HfTokenizer tokenizer() {
    return tokenizer;
  }

  /** The decoder (owned by this model), e.g. for a trainer's forward passes. */
  public LlamaModel llamaModel() {
    return model;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      tokenizer.close();
      model.close();
      manager.close();
    }
  }

  /**
   * Logits of one token sequence at every position (the numerics check of {@code spar model
   * logits}).
   */
  public float[][] logits(int[] ids) {
    try (NDManager step = manager.newSubManager()) {
      long[] longs = Arrays.stream(ids).asLongStream().toArray();
      NDArray logits =
          model.forward(
              step.create(longs, new Shape(1, ids.length)),
              step.ones(new Shape(1, ids.length), DataType.INT64)); // [1, t, vocab]
      float[] flat = logits.toFloatArray();
      int vocab = flat.length / ids.length;
      float[][] rows = new float[ids.length][];
      for (int t = 0; t < ids.length; t++) {
        rows[t] = Arrays.copyOfRange(flat, t * vocab, (t + 1) * vocab);
      }
      return rows;
    }
  }
}
