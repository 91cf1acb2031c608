/**
 * Text measurements with the reference IFEval's exact semantics: Python {@code str} and {@code re}
 * behaviour ({@link ai.spar.ifeval.text.PythonText}), word counting, Punkt sentence splitting with
 * NLTK's English parameters and NLTK's Treebank word tokenizer. Pure functions; no I/O beyond
 * loading the bundled Punkt parameters once.
 */
package ai.spar.ifeval.text;
