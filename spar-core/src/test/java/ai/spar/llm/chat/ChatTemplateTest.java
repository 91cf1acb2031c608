package ai.spar.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {
  @Test
  void rendersTheGoldenConversationsIdentically() throws IOException {
    TokenizerConfig config = TokenizerConfig.load(Fixtures.tinyLlama());
    assertThat(config.bosToken()).hasValue("<|begin_of_text|>");
    assertThat(config.eosToken()).hasValue("<|eot_id|>");
    assertThat(config.padToken()).hasValue("<|end_of_text|>");
    ChatTemplate template = ChatTemplate.of(config).orElseThrow();
    JsonNode golden = new ObjectMapper().readTree(Fixtures.read("tiny-llama/expected_chat.json"));
    assertThat(golden.get("cases")).hasSize(3);
    for (JsonNode c : golden.get("cases")) {
      List<ChatMessage> messages = new ArrayList<>();
      c.get("messages")
          .forEach(
              m ->
                  messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText())));
      assertThat(template.render(messages, c.get("add_generation_prompt").asBoolean()))
          .isEqualTo(c.get("rendered").asText());
    }
  }

  @Test
  void bindsAddedTokenObjectsAndNamedTemplates(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve(TokenizerConfig.FILE),
        "{\"bos_token\": {\"content\": \"<s>\", \"lstrip\": false}, \"eos_token\": \"</s>\","
            + " \"model_max_length\": 1000000000000000019884624838656,"
            + " \"chat_template\": [{\"name\": \"tool_use\", \"template\": \"T\"},"
            + " {\"name\": \"default\", \"template\": \"{{ bos_token }}{% for m in messages %}[{{ m.role }}]"
            + "{{ m.content }}{% endfor %}{{ eos_token }}\"}]}");
    TokenizerConfig config = TokenizerConfig.load(dir);
    assertThat(config.bosToken()).hasValue("<s>");
    assertThat(config.modelMaxLength()).isEmpty();
    ChatTemplate template = ChatTemplate.of(config).orElseThrow();
    assertThat(template.render(List.of(ChatMessage.user("hi")), true)).isEqualTo("<s>[user]hi</s>");
  }

  @Test
  void separateJinjaFileTakesPrecedence(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(TokenizerConfig.FILE), "{\"chat_template\": \"old\"}");
    Files.writeString(
        dir.resolve(TokenizerConfig.TEMPLATE_FILE),
        "{% for m in messages %}\n  {{ m.content }}\n{% endfor %}\n{% if add_generation_prompt %}GO{% endif %}\n");
    ChatTemplate template = ChatTemplate.of(TokenizerConfig.load(dir)).orElseThrow();
    // trim_blocks drops the newline after a block tag, lstrip_blocks the indentation before one
    assertThat(template.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), true))
        .isEqualTo("  a\n  b\nGO");
  }

  @Test
  void raiseExceptionSurfacesTheTemplateMessage() {
    ChatTemplate template =
        new ChatTemplate(
            "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
                + "{% endif %}ok",
            "", "");
    assertThat(template.render(List.of(ChatMessage.user("x")), false)).isEqualTo("ok");
    assertThatThrownBy(() -> template.render(List.of(ChatMessage.system("x")), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("System role not supported");
  }

  @Test
  void templatesCannotReadFiles() {
    for (String tag :
        List.of(
            "{% include 'ai/spar/ifeval/README.md' %}",
            "{%- import 'macros.jinja' as m -%}",
            "{% from 'macros.jinja' import greet %}",
            "{% extends 'base.jinja' %}")) {
      String source = "{% for m in messages %}{{ m.content }}{% endfor %}" + tag;
      assertThatThrownBy(() -> new ChatTemplate(source, "", ""))
          .as(tag)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("chat templates cannot read files: the {% ")
          .hasMessageContaining("(found: " + tag + ")");
    }
    // The word in text or in a variable is fine.
    assertThat(
            new ChatTemplate("{{ messages[0].content }} include import from", "", "")
                .render(List.of(ChatMessage.user("x")), false))
        .isEqualTo("x include import from");
  }
}
