package ai.spar.ifeval.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Expected outputs follow NLTK 3.8 and CPython behaviour (documented examples and hand-checked
 * cases).
 */
class TextMeasuresTest {

  @Test
  void punktSplitsSentencesAndKeepsAbbreviations() {
    PunktSentenceTokenizer punkt = PunktSentenceTokenizer.english();
    assertThat(punkt.tokenize("Mr. Smith went to Washington. He arrived at 5 p.m. on Monday."))
        .containsExactly("Mr. Smith went to Washington.", "He arrived at 5 p.m. on Monday.");
    assertThat(
            punkt.tokenize(
                "(How does it deal with this parenthesis?)  \"It should be part of the previous"
                    + " sentence.\""))
        .containsExactly(
            "(How does it deal with this parenthesis?)",
            "\"It should be part of the previous sentence.\"");
    assertThat(punkt.tokenize("Very bad acting!!! I promise."))
        .containsExactly("Very bad acting!!!", "I promise.");
    assertThat(punkt.count("")).isZero();
  }

  @Test
  void nltkWordTokenizeSplitsPunctuationAndContractions() {
    assertThat(
            NltkWordTokenizer.english()
                .tokenize(
                    "Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks."))
        .containsExactly(
            "Good", "muffins", "cost", "$", "3.88", "in", "New", "York", ".", "Please", "buy", "me",
            "two", "of", "them", ".", "Thanks", ".");
    assertThat(NltkWordTokenizer.tokenizeSentence("They DON'T cannot \"go\"."))
        .containsExactly("They", "DO", "N'T", "can", "not", "``", "go", "''", ".");
  }

  @Test
  void wordsArePythonWordRuns() {
    assertThat(WordCounter.count("Don't stop-the state_of art 42 times, señor!")).isEqualTo(9);
    assertThat(WordCounter.count("")).isZero();
  }

  @Test
  void pythonStringSemantics() {
    assertThat(PythonText.strip("\u00a0\u2003 text \u3000")).isEqualTo("text");
    assertThat(PythonText.isUpper("HELLO, WORLD 42")).isTrue();
    assertThat(PythonText.isUpper("42")).isFalse();
    assertThat(PythonText.isLower("hello ǅ")).isFalse();
    assertThat(PythonText.split("a\u00a0b\n c")).containsExactly("a", "b", "c");
    assertThat(PythonText.split("x******y******", "******")).containsExactly("x", "y", "");
  }

  @Test
  void jsonSyntaxFollowsPythonJsonLoads() {
    assertThat(JsonSyntax.isValid("{\"a\": [1, 2.5e3, NaN, -Infinity, null, true]}")).isTrue();
    assertThat(JsonSyntax.isValid("\"just a string\"")).isTrue();
    assertThat(JsonSyntax.isValid("{'a': 1}")).isFalse();
    assertThat(JsonSyntax.isValid("[1, 2,]")).isFalse();
    assertThat(JsonSyntax.isValid("01")).isFalse();
    assertThat(JsonSyntax.isValid("{} extra")).isFalse();
    assertThat(JsonSyntax.isValid("\"tab\there\"")).isFalse();
    assertThat(JsonSyntax.isValid("")).isFalse();
  }
}
