package ai.spar.trainer.data;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.trainer.data.ChatColumns.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.parquet.schema.MessageType;

/**
 * Binds table rows to training records.
 *
 * <ul>
 *   <li>Preference pairs (the job's {@code actor_pairs}, or any table in the common convention):
 *       {@code prompt} (a string, read as one user turn, or a chat), {@code chosen} and {@code
 *       rejected} (strings, read as one assistant turn each, or chats). Other columns are ignored.
 *   <li>SFT examples (the job's {@code refiner_sft}): {@code messages} (the prompt turns) plus
 *       {@code completion} (the target assistant reply); without {@code completion}, every
 *       assistant turn of {@code messages} is a target. A table with {@code prompt} and {@code
 *       completion} and no {@code messages} is read the same way.
 * </ul>
 */
public final class TrainingTables {
  static final String PROMPT = "prompt";
  static final String CHOSEN = "chosen";
  static final String REJECTED = "rejected";
  static final String MESSAGES = "messages";
  static final String COMPLETION = "completion";

  private TrainingTables() {}

  /**
   * Reads every pair.
   *
   * @throws TrainingDataException naming the file and column on a missing column, a wrong type, a
   *     null value, or an empty table
   */
  public static List<PreferencePair> readPairs(ParquetTable table) {
    List<PreferencePair> pairs = new ArrayList<>();
    Map<MessageType, Kind[]> kinds = new HashMap<>();
    table.forEachRow(
        (schema, row, source) -> {
          Kind[] k =
              kinds.computeIfAbsent(
                  schema,
                  s ->
                      new Kind[] {
                        ChatColumns.require(s, PROMPT, source.file(), "the prompt"),
                        ChatColumns.require(s, CHOSEN, source.file(), "the preferred response"),
                        ChatColumns.require(s, REJECTED, source.file(), "the dispreferred response")
                      });
          List<ChatMessage> prompt = ChatColumns.chat(row, PROMPT, k[0], ChatMessage.USER, source);
          List<ChatMessage> chosen =
              ChatColumns.chat(row, CHOSEN, k[1], ChatMessage.ASSISTANT, source);
          List<ChatMessage> rejected =
              ChatColumns.chat(row, REJECTED, k[2], ChatMessage.ASSISTANT, source);
          requireAssistant(chosen, CHOSEN, source);
          requireAssistant(rejected, REJECTED, source);
          pairs.add(new PreferencePair(source, prompt, chosen, rejected));
        });
    return pairs;
  }

  /**
   * Reads every SFT example.
   *
   * @throws TrainingDataException naming the file and column on a missing column, a wrong type, a
   *     null value, a chat without an assistant turn to train, or an empty table
   */
  public static List<SftExample> readSftExamples(ParquetTable table) {
    return readSftExamples(table, false);
  }

  /**
   * Reads every SFT example; with {@code allAssistantTurns}, the assistant turns inside the
   * prompt's messages are trained as well as the completion.
   *
   * @throws TrainingDataException as {@link #readSftExamples(ParquetTable)}
   */
  public static List<SftExample> readSftExamples(ParquetTable table, boolean allAssistantTurns) {
    List<SftExample> examples = new ArrayList<>();
    Map<MessageType, Optional<Kind>[]> kinds = new HashMap<>();
    table.forEachRow(
        (schema, row, source) -> {
          Optional<Kind>[] k = kinds.computeIfAbsent(schema, s -> sftKinds(s, source.file()));
          List<ChatMessage> messages = new ArrayList<>();
          Set<Integer> targets = new TreeSet<>();
          String contextColumn = k[0].isPresent() ? MESSAGES : PROMPT;
          Kind contextKind = k[0].isPresent() ? k[0].get() : k[1].get();
          messages.addAll(
              ChatColumns.chat(row, contextColumn, contextKind, ChatMessage.USER, source));
          if (k[2].isPresent()) {
            if (allAssistantTurns) {
              for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).role().equals(ChatMessage.ASSISTANT)) {
                  targets.add(i);
                }
              }
            }
            targets.add(messages.size());
            messages.add(ChatMessage.assistant(ChatColumns.string(row, COMPLETION, source)));
          } else {
            for (int i = 0; i < messages.size(); i++) {
              if (messages.get(i).role().equals(ChatMessage.ASSISTANT)) {
                targets.add(i);
              }
            }
            if (targets.isEmpty()) {
              throw new TrainingDataException(
                  source
                      + ": column '"
                      + MESSAGES
                      + "' has no assistant turn to train and the table has no '"
                      + COMPLETION
                      + "' column");
            }
          }
          examples.add(new SftExample(source, messages, targets));
        });
    return examples;
  }

  @SuppressWarnings("unchecked")
  private static Optional<Kind>[] sftKinds(MessageType schema, String file) {
    Optional<Kind> messages = ChatColumns.kind(schema, MESSAGES, file);
    Optional<Kind> prompt = ChatColumns.kind(schema, PROMPT, file);
    Optional<Kind> completion = ChatColumns.kind(schema, COMPLETION, file);
    if (messages.isEmpty() && (prompt.isEmpty() || completion.isEmpty())) {
      throw new TrainingDataException(
          file
              + ": missing column '"
              + MESSAGES
              + "' (the chat; or '"
              + PROMPT
              + "' with '"
              + COMPLETION
              + "'); the file has columns "
              + schema.getFields().stream().map(f -> f.getName()).toList());
    }
    if (completion.isPresent() && completion.get() != Kind.STRING) {
      throw new TrainingDataException(
          file + ": column '" + COMPLETION + "' must be a string, but is a chat");
    }
    return new Optional[] {messages, prompt, completion};
  }

  private static void requireAssistant(List<ChatMessage> turns, String column, RowSource source) {
    if (turns.stream().noneMatch(m -> m.role().equals(ChatMessage.ASSISTANT))) {
      throw new TrainingDataException(source + ": column '" + column + "' has no assistant turn");
    }
  }
}
