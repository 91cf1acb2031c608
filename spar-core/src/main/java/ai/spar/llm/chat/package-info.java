/**
 * Chat messages and the rendering of a model's own chat template: {@code tokenizer_config.json} (or
 * {@code chat_template.jinja}) bound leniently, and the Jinja template rendered with Jinjava the
 * way Hugging Face renders it.
 */
package ai.spar.llm.chat;
