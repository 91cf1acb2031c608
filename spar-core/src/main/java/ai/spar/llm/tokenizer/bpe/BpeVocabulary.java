package ai.spar.llm.tokenizer.bpe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * A trained byte-level BPE tokenizer: the symbols in id order (256 bytes, then one per merge that
 * made a new symbol), the merges in rank order, and special tokens with the ids after the symbols.
 *
 * @param symbols token texts by id, in {@link ByteLevelAlphabet} characters
 * @param merges merge rules {@code "left right"} in the order they apply
 * @param specialTokens added tokens, with ids {@code symbols.size()} onward
 */
public record BpeVocabulary(List<String> symbols, List<String> merges, List<String> specialTokens) {
  public BpeVocabulary {
    Preconditions.checkArgument(
        symbols != null && symbols.size() >= 256,
        "symbols must hold at least the 256 byte symbols, but had %s",
        symbols == null ? null : symbols.size());
    Preconditions.checkArgument(
        merges != null && merges.size() >= symbols.size() - 256,
        "every symbol beyond the bytes needs a merge: %s symbols but %s merges",
        symbols.size(),
        merges == null ? null : merges.size());
    Preconditions.checkArgument(specialTokens != null, "specialTokens must not be null");
    symbols = List.copyOf(symbols);
    merges = List.copyOf(merges);
    specialTokens = List.copyOf(specialTokens);
  }

  /** The number of ids: symbols plus special tokens. */
  public int size() {
    return symbols.size() + specialTokens.size();
  }

  /** The id of a special token. */
  public int specialId(String token) {
    int i = specialTokens.indexOf(token);
    Preconditions.checkArgument(
        i >= 0, "'%s' is not a special token; expected one of %s", token, specialTokens);
    return symbols.size() + i;
  }

  /**
   * The Hugging Face {@code tokenizer.json}: byte-level pre-tokenizer (no prefix space) and
   * decoder, a BPE model without unknown token, no normalizer and no post-processor.
   */
  public String toTokenizerJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < specialTokens.size(); i++) {
      added
          .addObject()
          .put("id", symbols.size() + i)
          .put("content", specialTokens.get(i))
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel(json, false));
    root.putNull("post_processor");
    root.set("decoder", byteLevel(json, true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    for (int i = 0; i < symbols.size(); i++) {
      vocab.put(symbols.get(i), i);
    }
    ArrayNode mergeArray = model.putArray("merges");
    merges.forEach(mergeArray::add);
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the tokenizer", e);
    }
  }

  private static ObjectNode byteLevel(ObjectMapper json, boolean addPrefixSpace) {
    ObjectNode node = json.createObjectNode();
    node.put("type", "ByteLevel");
    node.put("add_prefix_space", addPrefixSpace);
    node.put("trim_offsets", true);
    node.put("use_regex", true);
    return node;
  }
}
