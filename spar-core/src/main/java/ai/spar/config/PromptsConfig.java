package ai.spar.config;

import com.google.common.base.Preconditions;

/**
 * Where the prompt files live. Relative paths resolve against the directory the caller names
 * (usually the working directory, where {@code conf/} is).
 *
 * @param judge the judgment prompt, with the placeholders {@code {instruction}} and {@code
 *     {response}}
 * @param refine the refinement prompt (the third turn of the refine chat); placeholders optional
 */
public record PromptsConfig(String judge, String refine) {
  public static final String DEFAULT_JUDGE = "conf/prompts/judge.txt";
  public static final String DEFAULT_REFINE = "conf/prompts/refine.txt";

  public PromptsConfig {
    Preconditions.checkArgument(
        judge != null && !judge.isBlank(), "prompts.judge must name a file, but was: %s", judge);
    Preconditions.checkArgument(
        refine != null && !refine.isBlank(),
        "prompts.refine must name a file, but was: %s",
        refine);
  }

  public static PromptsConfig defaults() {
    return new PromptsConfig(DEFAULT_JUDGE, DEFAULT_REFINE);
  }
}
