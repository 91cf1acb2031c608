package ai.spar.miniature;

import ai.spar.judge.PromptTemplate;
import ai.spar.refine.RefinementChat;
import ai.spar.testing.Fixtures;
import java.util.List;
import java.util.Set;

/** The engine's prompts from the checkout's {@code conf/prompts}, and a small mixture. */
final class MiniatureFixtures {
  static final WordBank BANK = WordBank.bundled();

  private MiniatureFixtures() {}

  static RefinementChat chat() {
    return new RefinementChat(
        PromptTemplate.load(
            Fixtures.projectRoot().resolve("conf/prompts/judge.txt"),
            Set.of(PromptTemplate.INSTRUCTION, PromptTemplate.RESPONSE)),
        PromptTemplate.load(Fixtures.projectRoot().resolve("conf/prompts/refine.txt"), Set.of()));
  }

  static List<MiniTask> tasks(long seed, int n) {
    return new MiniTaskSynthesizer(BANK).disjointSets(seed, n).get(0);
  }

  static List<SftRow> rows(long seed, int n) {
    return new SftMixture(
            new MiniTeacher(BANK),
            chat(),
            SftMixture.DEFAULT_IMPERFECT_ANSWER_RATE,
            SftMixture.DEFAULT_JUDGMENT_PAIRS)
        .rows(tasks(seed, n), seed);
  }
}
