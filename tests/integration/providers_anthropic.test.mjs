// OpenAI clients → llmgw → Anthropic Messages API (the fake): translated requests, answers in
// OpenAI shape with exact usage, tool calls both ways, errors, in-stream failures, parameters
// Anthropic cannot honour, and anthropic-beta passthrough.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { TOOL_CALLS, TOOL_PREAMBLE } from '../support/fake_base.mjs';
import { anthropicUsage, expectedOpenAIUsage, startFakeAnthropic } from '../support/fake_anthropic.mjs';
import {
  TIMEOUTS, TOOLS, TOOL_RESULTS, assertCleanStream, assertCompletion, assertError, assertStreamFailed, model,
  toolFollowUp, useProviderGateway, usageOf, userChat,
} from '../support/provider_harness.mjs';

const textOf = (c) => (typeof c === 'string' ? c : c.filter((b) => b.type === 'text').map((b) => b.text).join(''));
const systemText = (s) => (typeof s === 'string' ? s : (s ?? []).map((b) => b.text).join('\n\n'));

describe('provider anthropic (OpenAI endpoint)', { timeout: 60000 }, () => {
  const ctx = useProviderGateway(async (secrets) => {
    const anthropic = await startFakeAnthropic({ apiKey: secrets.providerKey });
    const p = 'anth';
    return {
      fakes: { anthropic },
      providers: [{ name: p, kind: 'anthropic', base_url: anthropic.baseUrl, api_key: '${LLMGW_TEST_PROVIDER_KEY}', anthropic: { version: '2023-06-01' }, timeouts: TIMEOUTS }],
      models: [
        model('claude', p, 'scenario-normal'),
        model('claude-tools', p, 'scenario-tools'),
        model('claude-429', p, 'scenario-status-429'),
        model('claude-400', p, 'scenario-status-400'),
        model('claude-500', p, 'scenario-status-500'),
        model('claude-stream-error', p, 'scenario-stream-error'),
        model('claude-cut', p, 'scenario-cut'),
        model('claude-lenient', p, 'scenario-normal', { drop_unsupported: true, default_max_tokens: 321 }),
      ],
    };
  });
  const fake = () => ctx.fakes.anthropic;
  const upstreamFor = (text) => fake().last((r) => JSON.stringify(r.body?.messages ?? '').includes(text));

  test('non-stream chat: translated request, OpenAI answer, exact usage incl. cache tokens', async () => {
    const res = await ctx.chat({
      model: 'claude',
      messages: [{ role: 'system', content: 'Be terse.' }, { role: 'developer', content: 'Answer in English.' }, { role: 'user', content: 'hello anthropic' }],
      max_tokens: 100, stop: 'END', temperature: 0.5, top_p: 0.9,
    });
    const choice = assertCompletion(res, 'claude');
    assert.equal(choice.message.content, 'Echo: hello anthropic');
    assert.equal(choice.finish_reason, 'stop');
    const up = upstreamFor('hello anthropic');
    assert.equal(up.path, '/v1/messages');
    assert.equal(up.headers['x-api-key'], ctx.secrets.providerKey);
    assert.equal(up.headers['anthropic-version'], '2023-06-01');
    assert.equal(up.headers.authorization, undefined, 'the client key never goes upstream');
    assert.match(up.headers['content-type'], /application\/json/);
    assert.equal(up.body.model, 'scenario-normal');
    assert.equal(up.body.max_tokens, 100);
    assert.equal(systemText(up.body.system), 'Be terse.\n\nAnswer in English.');
    assert.equal(up.body.messages.length, 1);
    assert.equal(up.body.messages[0].role, 'user');
    assert.equal(textOf(up.body.messages[0].content), 'hello anthropic');
    assert.deepEqual(up.body.stop_sequences, ['END']);
    assert.equal(up.body.temperature, 0.5);
    assert.equal(up.body.top_p, 0.9);
    assert.ok(!up.body.stream, 'no stream upstream');
    assert.deepEqual(usageOf(res.json.usage), expectedOpenAIUsage(up.usage));
    assert.equal(res.json.usage.prompt_tokens, up.usage.input_tokens + 14, 'cache read + creation counted in prompt_tokens');
  });

  test('max_tokens default: 4096, or the model default_max_tokens', async () => {
    assert.equal((await ctx.chat(userChat('claude', 'default max a'))).status, 200);
    assert.equal(upstreamFor('default max a').body.max_tokens, 4096);
    assert.equal((await ctx.chat(userChat('claude-lenient', 'default max b'))).status, 200);
    assert.equal(upstreamFor('default max b').body.max_tokens, 321);
    assert.equal((await ctx.chat(userChat('claude', 'default max c', { max_completion_tokens: 77 }))).status, 200);
    assert.equal(upstreamFor('default max c').body.max_tokens, 77);
  });

  test('stream with include_usage: deltas, stop, one exact usage chunk before [DONE]; pings invisible', async () => {
    const r = await ctx.stream(userChat('claude', 'stream me three words', { stream_options: { include_usage: true } }));
    const s = assertCleanStream(r, 'claude');
    assert.equal(s.text, 'Echo: stream me three words');
    assert.deepEqual(s.finish, ['stop']);
    assert.equal(s.usage.length, 1);
    const up = upstreamFor('stream me three words');
    assert.equal(up.body.stream, true);
    assert.deepEqual(usageOf(s.usage[0]), expectedOpenAIUsage(up.usage));
    const usageEvent = r.events.at(-2).json;
    assert.deepEqual(usageEvent.choices, [], 'usage chunk has empty choices and comes right before [DONE]');
    assert.ok(!r.raw.includes('ping'), 'Anthropic ping events are not relayed');
  });

  test('stream without include_usage: no usage anywhere', async () => {
    const r = await ctx.stream(userChat('claude', 'no usage please'));
    const s = assertCleanStream(r, 'claude');
    assert.equal(s.text, 'Echo: no usage please');
    assert.equal(s.usage.length, 0);
    assert.ok(r.events.every((e) => e.data === '[DONE]' || e.json?.choices?.length > 0), 'no empty-choices chunk');
  });

  test('tool calls (non-stream): two parallel calls, tools and tool_choice translated', async () => {
    const res = await ctx.chat(userChat('claude-tools', 'weather and time in Oslo?', { tools: TOOLS, tool_choice: 'required' }));
    const choice = assertCompletion(res, 'claude-tools');
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, TOOL_PREAMBLE);
    const calls = choice.message.tool_calls;
    assert.equal(calls.length, 2);
    for (const [i, c] of calls.entries()) {
      assert.equal(c.type, 'function');
      assert.equal(c.id, `toolu_fake_${i + 1}`);
      assert.equal(c.function.name, TOOL_CALLS[i].name);
      assert.deepEqual(JSON.parse(c.function.arguments), TOOL_CALLS[i].input);
    }
    const up = upstreamFor('weather and time in Oslo?');
    assert.deepEqual(up.body.tools, TOOLS.map((t) => ({ name: t.function.name, description: t.function.description, input_schema: t.function.parameters })));
    assert.equal(up.body.tool_choice?.type, 'any');
  });

  test('tool calls (stream): calls assembled by index from argument fragments', async () => {
    const r = await ctx.stream(userChat('claude-tools', 'stream the tools', { tools: TOOLS }));
    const s = assertCleanStream(r, 'claude-tools');
    assert.deepEqual(s.finish, ['tool_calls']);
    assert.equal(s.text, TOOL_PREAMBLE);
    assert.equal(s.calls.length, 2);
    for (const [i, c] of s.calls.entries()) {
      assert.equal(c.id, `toolu_fake_${i + 1}`);
      assert.equal(c.name, TOOL_CALLS[i].name);
      assert.deepEqual(JSON.parse(c.arguments), TOOL_CALLS[i].input);
    }
    const fragments = r.events.flatMap((e) => e.json?.choices?.[0]?.delta?.tool_calls ?? []).filter((tc) => tc.function?.arguments);
    assert.ok(fragments.length >= 4, `arguments relayed in fragments, got ${fragments.length}`);
  });

  test('tool round trip: the results reach Anthropic as tool_result blocks in one user turn', async () => {
    const first = await ctx.chat(userChat('claude-tools', 'round trip please', { tools: TOOLS }));
    const calls = first.json.choices[0].message.tool_calls;
    const res = await ctx.chat(toolFollowUp('claude', 'round trip please', calls));
    const choice = assertCompletion(res, 'claude');
    assert.equal(choice.message.content, `Results: ${TOOL_RESULTS.join('; ')}`);
    assert.equal(choice.finish_reason, 'stop');
    const up = fake().last((r) => r.body?.model === 'scenario-normal' && r.body.messages.length === 3);
    const [user, assistant, results] = up.body.messages;
    assert.equal(textOf(user.content), 'round trip please');
    assert.equal(assistant.role, 'assistant');
    assert.deepEqual(assistant.content.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id, name: b.name, input: b.input })),
      TOOL_CALLS.map((c, i) => ({ id: `toolu_fake_${i + 1}`, name: c.name, input: c.input })));
    assert.equal(results.role, 'user');
    assert.deepEqual(results.content.map((b) => ({ type: b.type, id: b.tool_use_id, text: textOf(b.content) })),
      TOOL_RESULTS.map((t, i) => ({ type: 'tool_result', id: `toolu_fake_${i + 1}`, text: t })));
  });

  test('upstream errors keep their status, OpenAI-shaped, with Anthropic\'s message', async () => {
    const r429 = await ctx.chat(userChat('claude-429', 'x'));
    const e429 = assertError(r429, 429, '429');
    assert.equal(r429.headers['retry-after'], '7');
    assert.match(e429.message, /rate_limit_error|Fake Anthropic/);
    const e400 = assertError(await ctx.chat(userChat('claude-400', 'x')), 400, '400');
    assert.match(e400.message, /Fake Anthropic says invalid_request_error/);
    assert.equal(e400.type, 'invalid_request_error');
    const r500 = await ctx.chat(userChat('claude-500', 'x'));
    assert.ok(r500.status >= 500 && r500.status <= 599, `5xx for an upstream 500: ${r500.status}`);
    assert.ok(r500.json?.error?.message, r500.text);
    const s429 = await ctx.stream(userChat('claude-429', 'x'));
    assert.equal(s429.status, 429, 'a stream that fails before its first byte gets the status');
  });

  test('in-stream error event → SSE error event, no [DONE]', async () => {
    const r = await ctx.stream(userChat('claude-stream-error', 'please fail after a few words'));
    const s = assertStreamFailed(r);
    assert.equal(s.text, 'Echo: please', 'what came before the error was relayed');
    assert.match(s.errors[0].message, /Overloaded/);
  });

  test('stream cut short (no message_stop) → SSE error event, no [DONE]', async () => {
    const r = await ctx.stream(userChat('claude-cut', 'please stop in the middle'));
    const s = assertStreamFailed(r);
    assert.equal(s.text, 'Echo: please');
  });

  test('unsupported parameter → 400 naming it, nothing sent; drop_unsupported → 200 without it', async () => {
    const before = fake().requests.length;
    const e = assertError(await ctx.chat(userChat('claude', 'seeded', { seed: 42 })), 400, 'seed');
    assert.match(e.message, /seed/);
    assert.equal(e.param, 'seed');
    assert.equal(fake().requests.length, before, 'nothing reached Anthropic');
    const res = await ctx.chat(userChat('claude-lenient', 'seeded leniently', { seed: 42, logit_bias: { 50256: -100 } }));
    assert.equal(res.status, 200, res.text);
    const up = upstreamFor('seeded leniently');
    assert.ok(!('seed' in up.body) && !('logit_bias' in up.body), JSON.stringify(up.body));
  });

  test('anthropic-beta is passed through; other client headers are not', async () => {
    const res = await ctx.chat(userChat('claude', 'beta header'), {
      headers: { 'anthropic-beta': 'prompt-caching-2024-07-31,output-128k-2025-02-19', 'x-not-forwarded': 'nope' },
    });
    assert.equal(res.status, 200, res.text);
    const up = upstreamFor('beta header');
    assert.equal(up.headers['anthropic-beta'], 'prompt-caching-2024-07-31,output-128k-2025-02-19');
    assert.equal(up.headers['x-not-forwarded'], undefined);
  });

  test('/v1/messages/count_tokens reaches Anthropic with the upstream model', async () => {
    const body = { model: 'claude', messages: [{ role: 'user', content: 'count these tokens' }] };
    const res = await ctx.post('/v1/messages/count_tokens', body);
    assert.equal(res.status, 200, res.text);
    const up = fake().last((r) => r.path === '/v1/messages/count_tokens');
    assert.equal(up.body.model, 'scenario-normal');
    assert.deepEqual(res.json, { input_tokens: anthropicUsage(up.body, 0).input_tokens });
  });

  test('usage reaches the access log', async () => {
    const res = await ctx.chat(userChat('claude', 'log my usage'), { headers: { 'x-request-id': 'anth-usage-1' } });
    assert.equal(res.status, 200);
    const line = await ctx.gw.waitForAccessLog((l) => l.request_id === 'anth-usage-1');
    const u = line.usage && typeof line.usage === 'object' ? line.usage : line;
    assert.equal(u.prompt_tokens, res.json.usage.prompt_tokens);
    assert.equal(u.completion_tokens, res.json.usage.completion_tokens);
  });
});
