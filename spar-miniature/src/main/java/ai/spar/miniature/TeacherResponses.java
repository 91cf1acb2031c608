package ai.spar.miniature;

import com.google.common.base.Preconditions;

/**
 * The teacher's two responses to one task: a compliant one and its imperfect twin, which differs by
 * a minimal edit and fails exactly one constraint.
 *
 * @param compliant passes every constraint (strict IFEval checkers)
 * @param imperfect fails exactly the constraint {@code violatedId} and passes the others
 * @param violatedId the IFEval id of the failed constraint
 */
public record TeacherResponses(String compliant, String imperfect, String violatedId) {
  public TeacherResponses {
    Preconditions.checkArgument(
        compliant != null && !compliant.isBlank(), "compliant must not be blank");
    Preconditions.checkArgument(
        imperfect != null && !imperfect.isBlank(), "imperfect must not be blank");
    Preconditions.checkArgument(
        violatedId != null && !violatedId.isBlank(), "violatedId must not be blank");
    Preconditions.checkArgument(
        !compliant.equals(imperfect), "the imperfect response must differ from the compliant one");
  }
}
