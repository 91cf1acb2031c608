package ai.spar.trainer;

/** What a run trains. */
public enum Objective {
  /** DPO of the actor on preference pairs (plus the SFT term on the chosen responses). */
  DPO,
  /** Supervised fine-tuning of the refiner on chat examples (assistant turns trained). */
  SFT
}
