package ai.spar.judge;

import java.util.List;

/**
 * Decides whether responses follow their instructions. Batch-first: an implementation issues at
 * most one model call per invocation, whatever the list size. Expected failures (a failed model
 * request, an item a rule judge cannot check) come back as {@link Decision#ERROR} or {@link
 * Decision#UNDECIDED} judgments, never as exceptions.
 *
 * <p>Implementations are as thread-safe as the model they use.
 */
public interface Judge {

  /** One judgment per item, in item order. */
  List<Judgment> judge(List<JudgeItem> items);

  /** The configured kind, recorded as lineage: {@code llm}, {@code rules} or {@code rules_veto}. */
  String kind();
}
