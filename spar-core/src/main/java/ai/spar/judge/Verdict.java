package ai.spar.judge;

/** The verdict of one sampled judgment. */
public enum Verdict {
  YES,
  NO,
  /** Neither verdict could be read from the text; such votes are ignored by the majority. */
  UNPARSEABLE
}
