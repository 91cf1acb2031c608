/**
 * Language identification reproducing Python {@code langdetect} (a port of Cybozu Labs'
 * language-detection) with a fixed seed, as the reference IFEval uses it for {@code
 * language:response_language} and the English-case checks. Bundled profiles are data copied from
 * langdetect (see the resource README).
 */
package ai.spar.ifeval.language;
