package ai.spar.data;

/** The kinds of the refiner's supervised (RFT) examples, as the method lists them. */
public enum RefinerExampleKind {
  /** (a) the successful node's parent refine chat -> the successful refinement reply. */
  REFINEMENT,
  /** (b) a tree judgment with 0.5 &lt; V &lt; 1, at most one per tree. */
  TREE_JUDGMENT_HIGH,
  /** (c) a tree judgment with 0 &lt; V &lt; 0.5, at most one per tree. */
  TREE_JUDGMENT_LOW,
  /** (d) a collection judgment with a dissenting vote and majority No. */
  COLLECTION_JUDGMENT_NO,
  /** (e) a collection judgment with a dissenting vote and majority Yes. */
  COLLECTION_JUDGMENT_YES
}
