package ai.spar.data;

/**
 * Counts of one self-play round. The outcome counts add up to {@code instructions}.
 *
 * @param instructions input instructions
 * @param pairFound outcomes {@code PAIR_FOUND}
 * @param allPassed outcomes {@code ALL_PASSED}
 * @param searchFailed outcomes {@code SEARCH_FAILED}
 * @param undecided outcomes {@code UNDECIDED}
 * @param invalidInput outcomes {@code INVALID_INPUT}
 * @param errors outcomes {@code ERROR}
 * @param waves search waves
 * @param treeNodes nodes charged over all trees
 * @param millis wall time of the round
 */
public record RoundStats(
    int instructions,
    int pairFound,
    int allPassed,
    int searchFailed,
    int undecided,
    int invalidInput,
    int errors,
    int waves,
    int treeNodes,
    long millis) {}
