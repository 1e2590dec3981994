// The official `openai` npm SDK pointed at llmgw: users change the base URL and nothing else.

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import OpenAI from 'openai';

import { expectedAnswer, fakeEmbedding } from '../support/fake_openai.mjs';
import { MODELS } from '../support/gateway.mjs';
import { useGateway } from '../support/harness.mjs';

describe('openai SDK through llmgw', { timeout: 60000 }, () => {
  const ctx = useGateway();
  const client = (apiKey = ctx.secrets.clientKeyA) =>
    new OpenAI({ baseURL: `http://127.0.0.1:${ctx.gw.port}/v1`, apiKey, maxRetries: 0, timeout: 10000 });
  const messages = (content) => [{ role: 'user', content }];

  test('chat.completions.create (non-stream)', async () => {
    const res = await client().chat.completions.create({ model: 'gpt-test', messages: messages('sdk hello') });
    assert.equal(res.choices[0].message.content, 'Echo: sdk hello');
    assert.equal(res.choices[0].finish_reason, 'stop');
    assert.ok(res.usage.total_tokens > 0);
  });

  test('withResponse exposes the x-request-id header', async () => {
    const { response } = await client()
      .chat.completions.create({ model: 'gpt-test', messages: messages('rid') })
      .withResponse();
    assert.ok(response.headers.get('x-request-id'));
  });

  test('stream: deltas arrive token by token, as the upstream produces them', async () => {
    // slow-stream: 5 content events, one every 100 ms upstream.
    const stream = await client().chat.completions.create({ model: 'slow-stream', messages: messages('tick'), stream: true });
    const arrivals = [];
    let text = '';
    let usageSeen = false;
    for await (const chunk of stream) {
      if (chunk.usage) usageSeen = true;
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        arrivals.push(performance.now());
        text += delta;
      }
    }
    assert.equal(text, ' t0 t1 t2 t3 t4');
    assert.equal(arrivals.length, 5, 'one delta per upstream event');
    const spread = arrivals.at(-1) - arrivals[0];
    assert.ok(spread >= 300, `deltas spread over ${spread.toFixed(0)} ms, not delivered in one burst`);
    assert.equal(usageSeen, false, 'no usage without include_usage');
  });

  test('stream with stream_options.include_usage → usage present', async () => {
    const stream = await client().chat.completions.create({
      model: 'gpt-test',
      messages: messages('count my tokens'),
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const usages = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usages.push(chunk.usage);
    }
    assert.equal(text, expectedAnswer({ messages: messages('count my tokens') }));
    assert.equal(usages.length, 1);
    assert.equal(usages[0].completion_tokens, 4);
    assert.equal(usages[0].total_tokens, usages[0].prompt_tokens + usages[0].completion_tokens);
  });

  test('stream helper: finalChatCompletion assembles tool calls', async () => {
    const runner = client().chat.completions.stream({ model: 'tools', messages: messages('weather in Oslo?') });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0].message.tool_calls[0];
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Oslo' });
  });

  test('embeddings.create (SDK default base64 encoding and explicit float)', async () => {
    const res = await client().embeddings.create({ model: 'text-embedding-test', input: 'embed me' });
    assert.equal(res.data.length, 1);
    assert.deepEqual(res.data[0].embedding, fakeEmbedding('embed me'));
    const flt = await client().embeddings.create({ model: 'text-embedding-test', input: ['a', 'b'], encoding_format: 'float' });
    assert.deepEqual(flt.data[1].embedding, fakeEmbedding('b'));
  });

  test('legacy completions.create', async () => {
    const res = await client().completions.create({ model: 'gpt-test', prompt: 'old school' });
    assert.equal(res.choices[0].text, 'Echo: old school');
  });

  test('models.list and models.retrieve', async () => {
    const ids = [];
    for await (const m of client().models.list()) ids.push(m.id);
    assert.deepEqual(ids.sort(), [...Object.keys(MODELS), 'refused'].sort());
    const m = await client().models.retrieve('gpt-test');
    assert.equal(m.id, 'gpt-test');
  });

  test('errors surface as the SDK typed errors', async () => {
    await assert.rejects(
      client('wrong-key').chat.completions.create({ model: 'gpt-test', messages: messages('x') }),
      (e) => e instanceof OpenAI.AuthenticationError && e.status === 401,
    );
    await assert.rejects(
      client().chat.completions.create({ model: 'no-such-model', messages: messages('x') }),
      (e) => e instanceof OpenAI.NotFoundError && e.status === 404 && e.code === 'model_not_found',
    );
    await assert.rejects(
      client().models.retrieve('no-such-model'),
      (e) => e instanceof OpenAI.NotFoundError,
    );
    await assert.rejects(
      client().chat.completions.create({ model: 'gpt-test' }),
      (e) => e instanceof OpenAI.BadRequestError && e.status === 400 && typeof e.message === 'string',
    );
    await assert.rejects(
      client(ctx.secrets.clientKeyB).chat.completions.create({ model: 'gated', messages: messages('x') }),
      (e) => e instanceof OpenAI.PermissionDeniedError && e.status === 403,
    );
    await assert.rejects(
      client().chat.completions.create({ model: 'rate-limited', messages: messages('x') }),
      (e) => e instanceof OpenAI.RateLimitError && e.status === 429 && e.headers.get('retry-after') === '7',
    );
    await assert.rejects(
      client().chat.completions.create({ model: 'rate-limited', messages: messages('x'), stream: true }),
      (e) => e instanceof OpenAI.RateLimitError,
    );
  });

  test('a mid-stream upstream failure raises from the SDK iterator instead of hanging', async () => {
    const stream = await client().chat.completions.create({ model: 'reset', messages: messages('break please'), stream: true });
    let text = '';
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      })(),
      (e) => e instanceof OpenAI.APIError,
    );
    assert.equal(text, 'Echo: break');
  });
});
