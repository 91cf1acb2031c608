// Calls `spar serve` with the official OpenAI Node.js SDK: completions, chat completions, n > 1,
// seeds and streaming. Usage: node openai-sdk.mjs http://127.0.0.1:PORT/v1 (run by run-openai-sdk.sh).
import assert from "node:assert/strict";
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "not-needed", maxRetries: 0 });

const models = await client.models.list();
const model = models.data[0].id;
assert.equal(models.data.length, 1);

// completions with n > 1 and a seed: the same request gives the same text
const request = { model, prompt: "Once upon a time", max_tokens: 12, n: 3, seed: 5, temperature: 0.9 };
const first = await client.completions.create(request);
const again = await client.completions.create(request);
assert.equal(first.object, "text_completion");
assert.equal(first.choices.length, 3);
assert.deepEqual(first.choices.map((c) => c.text), again.choices.map((c) => c.text));
assert.ok(first.usage.completion_tokens > 0);

// streamed completions concatenate to the same text, choice by choice
const stream = await client.completions.create({ ...request, stream: true });
const streamed = ["", "", ""];
const finished = [];
for await (const chunk of stream) {
  for (const c of chunk.choices) {
    streamed[c.index] += c.text;
    if (c.finish_reason) finished.push(c.index);
  }
}
assert.deepEqual(streamed, first.choices.map((c) => c.text));
assert.deepEqual(finished.sort(), [0, 1, 2]);

// chat completions through the model's own chat template, n > 1
const chat = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Write one word." }],
  max_tokens: 10,
  n: 2,
  seed: 9,
});
assert.equal(chat.object, "chat.completion");
assert.equal(chat.choices.length, 2);
assert.equal(chat.choices[0].message.role, "assistant");

// streamed chat deltas concatenate to the same message
const chatStream = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Write one word." }],
  max_tokens: 10,
  n: 2,
  seed: 9,
  stream: true,
});
const deltas = ["", ""];
for await (const chunk of chatStream) {
  for (const c of chunk.choices) deltas[c.index] += c.delta?.content ?? "";
}
assert.deepEqual(deltas, chat.choices.map((c) => c.message.content));

// errors surface as the SDK's typed errors
await assert.rejects(
  client.completions.create({ model: "no-such-model", prompt: "x" }),
  (e) => e.status === 404 && /does not exist/.test(e.message),
);

console.log(`openai SDK against spar serve (${model}): completions, n=3, seed, streaming, chat, errors: OK`);
