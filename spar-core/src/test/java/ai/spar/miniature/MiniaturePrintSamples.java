package ai.spar.miniature;

import org.junit.jupiter.api.Test;

class MiniaturePrintSamples {
  @Test
  void print() {
    MiniTaskSynthesizer s = new MiniTaskSynthesizer(WordBank.bundled());
    MiniTeacher t = new MiniTeacher(WordBank.bundled());
    JudgmentWriter j = new JudgmentWriter();
    RefinementWriter rw = new RefinementWriter();
    for (int i = 0; i < 8; i++) {
      MiniTask task = s.task(1, i);
      TeacherResponses r = t.respond(task).orElseThrow();
      System.out.println("=== " + task.prompt());
      System.out.println("--- compliant:\n" + r.compliant());
      System.out.println("--- imperfect (" + r.violatedId() + "):\n" + r.imperfect());
      System.out.println("--- judge:\n" + j.judge(task, r.imperfect()).text());
      System.out.println("--- refine:\n" + rw.reply(task, r.imperfect(), r.violatedId(), r.compliant()));
    }
  }
}
