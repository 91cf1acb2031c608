package ai.spar.config;

import com.google.common.base.Preconditions;

/**
 * The whole configuration, one section per concern. To add a section: add a component, give {@link
 * #defaults()} its default, and the loader binds it (the defaults are the base every file is merged
 * onto).
 *
 * @param seed the job seed every other seed derives from
 * @param actor negative collection sampling
 * @param judge judging
 * @param refine refinement
 * @param search tree search
 * @param rft caps of the refiner's supervised mix
 * @param prompts prompt files
 * @param model the actor and refiner checkpoints and where they run
 * @param job the data-generation job's input, output and work split
 * @param loop the iteration loop (generate, train, evaluate, gate)
 */
public record SparConfig(
    long seed,
    ActorConfig actor,
    JudgeConfig judge,
    RefineConfig refine,
    SearchConfig search,
    RftConfig rft,
    PromptsConfig prompts,
    ModelConfig model,
    JobConfig job,
    LoopConfig loop) {
  public static final long DEFAULT_SEED = 42L;

  public SparConfig {
    Preconditions.checkArgument(actor != null, "actor section must not be null");
    Preconditions.checkArgument(judge != null, "judge section must not be null");
    Preconditions.checkArgument(refine != null, "refine section must not be null");
    Preconditions.checkArgument(search != null, "search section must not be null");
    Preconditions.checkArgument(rft != null, "rft section must not be null");
    Preconditions.checkArgument(prompts != null, "prompts section must not be null");
    Preconditions.checkArgument(model != null, "model section must not be null");
    Preconditions.checkArgument(job != null, "job section must not be null");
    Preconditions.checkArgument(loop != null, "loop section must not be null");
  }

  /** The paper's defaults everywhere. */
  public static SparConfig defaults() {
    return new SparConfig(
        DEFAULT_SEED,
        ActorConfig.defaults(),
        JudgeConfig.defaults(),
        RefineConfig.defaults(),
        SearchConfig.defaults(),
        RftConfig.defaults(),
        PromptsConfig.defaults(),
        ModelConfig.defaults(),
        JobConfig.defaults(),
        LoopConfig.defaults());
  }

  public SparConfig withSearch(SearchConfig newSearch) {
    return new SparConfig(seed, actor, judge, refine, newSearch, rft, prompts, model, job, loop);
  }

  public SparConfig withJudge(JudgeConfig newJudge) {
    return new SparConfig(seed, actor, newJudge, refine, search, rft, prompts, model, job, loop);
  }

  public SparConfig withActor(ActorConfig newActor) {
    return new SparConfig(seed, newActor, judge, refine, search, rft, prompts, model, job, loop);
  }

  public SparConfig withRft(RftConfig newRft) {
    return new SparConfig(seed, actor, judge, refine, search, newRft, prompts, model, job, loop);
  }

  public SparConfig withPrompts(PromptsConfig newPrompts) {
    return new SparConfig(seed, actor, judge, refine, search, rft, newPrompts, model, job, loop);
  }

  public SparConfig withModel(ModelConfig newModel) {
    return new SparConfig(seed, actor, judge, refine, search, rft, prompts, newModel, job, loop);
  }

  public SparConfig withJob(JobConfig newJob) {
    return new SparConfig(seed, actor, judge, refine, search, rft, prompts, model, newJob, loop);
  }

  public SparConfig withLoop(LoopConfig newLoop) {
    return new SparConfig(seed, actor, judge, refine, search, rft, prompts, model, job, newLoop);
  }

  public SparConfig withSeed(long newSeed) {
    return new SparConfig(newSeed, actor, judge, refine, search, rft, prompts, model, job, loop);
  }
}
