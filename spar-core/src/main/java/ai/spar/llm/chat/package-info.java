/** Chat messages and the rendering of a model's own chat template. */
package ai.spar.llm.chat;
