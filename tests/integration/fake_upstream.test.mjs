// Self-checks of the fake upstream, without the gateway: if these fail, the gateway tests that
// rely on the fake mean nothing. The official SDK is used as the judge of the wire format.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';

import { closedPort, expectedAnswer, expectedUsage, startFakeOpenAI, tokenize } from '../support/fake_openai.mjs';
import { connectRefused, openStream, request, streamedText, withTimeout } from '../support/http.mjs';

const chat = (model, extra = {}) => ({ model, messages: [{ role: 'user', content: 'hello fake world' }], ...extra });

describe('fake OpenAI upstream', { timeout: 30000 }, () => {
  let fake;
  let sdk;
  before(async () => {
    fake = await startFakeOpenAI();
    sdk = new OpenAI({ baseURL: fake.baseUrl, apiKey: 'sk-fake', maxRetries: 0, timeout: 5000 });
  });
  after(async () => {
    await fake?.close();
  });

  test('non-stream chat parses with the SDK and records the request', async () => {
    const res = await sdk.chat.completions.create(chat('scenario-normal'));
    assert.equal(res.choices[0].message.content, 'Echo: hello fake world');
    assert.equal(res.object, 'chat.completion');
    assert.deepEqual(
      { p: res.usage.prompt_tokens, c: res.usage.completion_tokens },
      { p: expectedUsage(chat('x')).prompt_tokens, c: 4 },
    );
    const rec = fake.requests.at(-1);
    assert.equal(rec.headers.authorization, 'Bearer sk-fake');
    assert.equal(rec.body.model, 'scenario-normal');
    assert.equal(rec.url, '/v1/chat/completions');
  });

  test('stream with include_usage: token deltas, one usage chunk with empty choices, then [DONE]', async () => {
    const stream = await sdk.chat.completions.create(chat('scenario-normal', { stream: true, stream_options: { include_usage: true } }));
    let text = '';
    const usageChunks = [];
    for await (const chunk of stream) {
      if (chunk.choices.length === 0) usageChunks.push(chunk);
      else text += chunk.choices[0].delta.content ?? '';
    }
    assert.equal(text, expectedAnswer(chat('x')));
    assert.equal(usageChunks.length, 1);
    assert.equal(usageChunks[0].usage.completion_tokens, tokenize(text).length);
  });

  test('stream without include_usage has no usage field at all', async () => {
    const s = openStream(fake.port, { body: chat('scenario-normal', { stream: true }) });
    const { events, endedCleanly } = await withTimeout(s.done, 5000, 'stream');
    assert.ok(endedCleanly);
    assert.equal(events.at(-1).data, '[DONE]');
    assert.ok(events.slice(0, -1).every((e) => !('usage' in e.json)));
  });

  test('gated stream holds chunk 2 until release()', async () => {
    const s = openStream(fake.port, { body: chat('scenario-stream-gated', { stream: true }) });
    const first = await s.next();
    assert.equal(first.json.choices[0].delta.content, 'Echo:');
    await fake.waitForGates(1);
    assert.equal(fake.requestsFor('scenario-stream-gated').at(-1).events.length, 1);
    fake.release();
    const { events } = await withTimeout(s.done, 5000, 'gated stream end');
    assert.equal(streamedText(events), 'Echo: hello fake world');
  });

  test('reset scenario: two chunks then the connection dies without [DONE]', async () => {
    const s = openStream(fake.port, { body: chat('scenario-reset', { stream: true }) });
    const { events, endedCleanly } = await withTimeout(s.done, 5000, 'reset stream');
    assert.equal(endedCleanly, false);
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => e.data !== '[DONE]'));
  });

  test('status-429 has Retry-After and an OpenAI error body; SDK raises RateLimitError', async () => {
    const res = await request(fake.port, { method: 'POST', path: '/v1/chat/completions', body: chat('scenario-status-429') });
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '7');
    assert.equal(res.json.error.code, 'rate_limit_exceeded');
    await assert.rejects(sdk.chat.completions.create(chat('scenario-status-429')), OpenAI.RateLimitError);
  });

  test('slow scenario sends nothing before its delay', async () => {
    const t0 = performance.now();
    const res = await request(fake.port, { method: 'POST', path: '/v1/chat/completions', body: chat('scenario-slow-200') });
    assert.equal(res.status, 200);
    assert.ok(performance.now() - t0 >= 190);
  });

  test('slow-stream paces events', async () => {
    const s = openStream(fake.port, { body: chat('scenario-slow-stream-50-4', { stream: true }) });
    const { events } = await withTimeout(s.done, 5000, 'slow stream');
    const content = events.filter((e) => e.json?.choices?.[0]?.delta?.content);
    assert.equal(content.length, 4);
    assert.ok(content.at(-1).at - content[0].at >= 140);
  });

  test('tool-call stream reassembles through the SDK', async () => {
    const stream = await sdk.chat.completions.create(chat('scenario-tools', { stream: true }));
    let args = '';
    let name = '';
    let finish = null;
    for await (const chunk of stream) {
      const d = chunk.choices[0]?.delta;
      for (const tc of d?.tool_calls ?? []) {
        if (tc.function?.name) name = tc.function.name;
        args += tc.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(name, 'get_weather');
    assert.deepEqual(JSON.parse(args), { city: 'Oslo' });
    assert.equal(finish, 'tool_calls');
  });

  test('embeddings in float and base64 (the SDK default) decode to the same vector', async () => {
    const viaSdk = await sdk.embeddings.create({ model: 'scenario-normal', input: 'abc' });
    const plain = await request(fake.port, { method: 'POST', path: '/v1/embeddings', body: { model: 'm', input: 'abc', encoding_format: 'float' } });
    assert.equal(viaSdk.data[0].embedding.length, 8);
    assert.deepEqual(viaSdk.data[0].embedding, plain.json.data[0].embedding);
  });

  test('legacy completions stream', async () => {
    const s = openStream(fake.port, { path: '/v1/completions', body: { model: 'scenario-normal', prompt: 'hi there', stream: true } });
    const { events } = await withTimeout(s.done, 5000, 'completion stream');
    assert.equal(streamedText(events), 'Echo: hi there');
  });

  test('connection open/close times are recorded', async () => {
    const s = openStream(fake.port, { body: chat('scenario-stream-gated', { stream: true }) });
    await s.next();
    const rec = fake.requestsFor('scenario-stream-gated').at(-1);
    const conn = fake.connections.get(rec.socketId);
    const abortAt = s.abort();
    const closedAt = await withTimeout(conn.closed, 2000, 'upstream close');
    assert.ok(closedAt >= abortAt);
    assert.ok(closedAt - abortAt < 100, `close took ${closedAt - abortAt} ms`);
  });

  test('closedPort refuses connections', async () => {
    assert.equal(await connectRefused(await closedPort()), true);
  });
});
