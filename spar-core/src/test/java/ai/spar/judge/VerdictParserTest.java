package ai.spar.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictParserTest {

  @Test
  void referenceRuleReadsTheTextAfterTheFirstMarker() {
    VerdictParser p = VerdictParser.REFERENCE;
    assertThat(p.parse("ok\nFinal Judgement: Yes")).isEqualTo(Verdict.YES);
    assertThat(p.parse("Final Judgement: No")).isEqualTo(Verdict.NO);
    assertThat(p.parse("Yes it is.\nFinal Judgement: No")).isEqualTo(Verdict.NO);
    assertThat(p.parse("Final Judgement: No... well, Yes")).isEqualTo(Verdict.NO);
    assertThat(p.parse("Final Judgement: Yes. No doubt.")).isEqualTo(Verdict.YES);
    assertThat(p.parse("Final Judgement: it is Not right")).isEqualTo(Verdict.NO);
    assertThat(p.parse("Final Judgement: maybe")).isEqualTo(Verdict.UNPARSEABLE);
    assertThat(p.parse("Yes")).isEqualTo(Verdict.UNPARSEABLE);
    assertThat(p.parse("final judgement: yes")).isEqualTo(Verdict.UNPARSEABLE);
  }

  @Test
  void strictRuleWantsOneWholeWordOnTheLastVerdictLine() {
    VerdictParser p = VerdictParser.STRICT;
    assertThat(p.parse("Final Judgement: Yes")).isEqualTo(Verdict.YES);
    assertThat(p.parse("**Final Judgment:** no")).isEqualTo(Verdict.NO);
    assertThat(p.parse("Final Judgement: it is Not right")).isEqualTo(Verdict.UNPARSEABLE);
    assertThat(p.parse("Final Judgement: Yes\n...\nFinal Judgement: No")).isEqualTo(Verdict.NO);
    assertThat(p.parse("Final Judgement: Yes or No")).isEqualTo(Verdict.UNPARSEABLE);
    assertThat(p.parse("Final Judgement:\nYes")).isEqualTo(Verdict.UNPARSEABLE);
    assertThat(p.parse("no marker, Yes")).isEqualTo(Verdict.UNPARSEABLE);
  }
}
