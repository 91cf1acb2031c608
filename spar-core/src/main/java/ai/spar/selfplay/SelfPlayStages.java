package ai.spar.selfplay;

import ai.spar.config.ConfFiles;
import ai.spar.config.JudgeConfig;
import ai.spar.config.JudgeMode;
import ai.spar.config.SparConfig;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.ifeval.InstructionVerifier;
import ai.spar.judge.HybridJudge;
import ai.spar.judge.Judge;
import ai.spar.judge.MajorityVoteJudge;
import ai.spar.judge.PromptTemplate;
import ai.spar.judge.RuleJudge;
import ai.spar.llm.LanguageModel;
import ai.spar.refine.RefinementChat;
import com.google.common.base.Preconditions;

/**
 * The one assembly of SPaR's judge and refiner from a configuration and its two prompt texts: the
 * refine chat, the configured judge, and the self-play round and inference-time tree search built
 * from them. The job, the CLI and the tests build their stages here, so the prompts are checked and
 * the judge is chosen in one place. Immutable and thread-safe (the models it is given are not).
 *
 * @param config all parameters (its {@code prompts} section names the prompt files)
 * @param judgePrompt the judgment prompt, with {@code {instruction}} and {@code {response}}
 * @param refinePrompt the refinement prompt (the third turn of the refine chat)
 */
public record SelfPlayStages(
    SparConfig config, PromptTemplate judgePrompt, PromptTemplate refinePrompt) {
  public SelfPlayStages {
    Preconditions.checkArgument(config != null, "config must not be null");
    Preconditions.checkArgument(judgePrompt != null, "judgePrompt must not be null");
    Preconditions.checkArgument(refinePrompt != null, "refinePrompt must not be null");
    judgePrompt.requiring(PromptTemplate.JUDGMENT_PLACEHOLDERS);
  }

  /**
   * The stages of {@code config} with prompt texts already read (a Spark job reads them once on the
   * driver); the templates are named by the configured prompt paths.
   *
   * @throws IllegalArgumentException when a text is blank or the judgment prompt lacks a
   *     placeholder, naming the file
   */
  public static SelfPlayStages of(
      SparConfig config, String judgePromptText, String refinePromptText) {
    Preconditions.checkArgument(config != null, "config must not be null");
    return new SelfPlayStages(
        config,
        new PromptTemplate(config.prompts().judge(), judgePromptText),
        new PromptTemplate(config.prompts().refine(), refinePromptText));
  }

  /**
   * The stages of {@code config} with its prompt files found by {@link ConfFiles} (the working
   * directory, then the SPaR home, then the copies on the classpath).
   *
   * @throws IllegalArgumentException when a file is nowhere, naming it and where it was looked for
   */
  public static SelfPlayStages read(SparConfig config) {
    Preconditions.checkArgument(config != null, "config must not be null");
    return of(
        config,
        ConfFiles.read(config.prompts().judge()),
        ConfFiles.read(config.prompts().refine()));
  }

  /** The refine chat: [judgment prompt, critique, refinement prompt]. */
  public RefinementChat chat() {
    return new RefinementChat(judgePrompt, refinePrompt);
  }

  /**
   * The configured judge on {@code refinerModel}; rule judges check with the strict IFEval
   * verifier.
   */
  public Judge judge(LanguageModel refinerModel) {
    return judge(refinerModel, strictUnlessLlm(config.judge()));
  }

  /**
   * The configured judge on {@code refinerModel} with the given rule verifier.
   *
   * @param verifier the IFEval verifier of rule judges; may be null when the judge mode is {@code
   *     llm}
   */
  public Judge judge(LanguageModel refinerModel, InstructionVerifier verifier) {
    return judgeFor(config.judge(), refinerModel, judgePrompt, verifier);
  }

  /**
   * A self-play round with these prompts and the configured judge.
   *
   * @param actor the actor model (may be the same object as {@code refinerModel}); not closed here
   * @param refinerModel the refiner model, which also judges; not closed here
   * @param iteration the SPaR iteration t, recorded as lineage
   */
  public SelfPlayRound round(LanguageModel actor, LanguageModel refinerModel, int iteration) {
    return new SelfPlayRound(config, actor, refinerModel, chat(), judge(refinerModel), iteration);
  }

  /**
   * Inference-time tree search with these prompts and the configured judge.
   *
   * @param actor the actor model (may be the same object as {@code refinerModel}); not closed here
   * @param refinerModel the refiner model, which also judges; not closed here
   */
  public InferenceTreeSearch treeSearch(LanguageModel actor, LanguageModel refinerModel) {
    return new InferenceTreeSearch(config, actor, refinerModel, chat(), judge(refinerModel));
  }

  /**
   * The configured judge: the refiner's majority vote, the rule judge, or both with a rule veto.
   *
   * @param verifier the IFEval verifier of rule judges; may be null when the mode is {@code llm}
   */
  public static Judge judgeFor(
      JudgeConfig config,
      LanguageModel refinerModel,
      PromptTemplate judgePrompt,
      InstructionVerifier verifier) {
    Judge llm =
        config.mode() == JudgeMode.RULES
            ? null
            : new MajorityVoteJudge(refinerModel, judgePrompt, config);
    Judge rules = verifier == null ? null : new RuleJudge(verifier);
    return new HybridJudge(config.mode(), rules, llm);
  }

  /** The strict IFEval verifier, or null for a judge that uses no rules. */
  public static InstructionVerifier strictUnlessLlm(JudgeConfig config) {
    return config.mode() == JudgeMode.LLM ? null : IfevalVerifier.strict();
  }
}
