package ai.spar.config;

/** Which judge decides whether a response follows its instruction. */
public enum JudgeMode {
  /** The refiner model's N-vote majority (the paper's judge). */
  LLM,
  /** The IFEval rule checkers only; responses without verifiable constraints stay undecided. */
  RULES,
  /** A failed rule is a definitive No; the LLM judge decides everything else. */
  RULES_VETO
}
