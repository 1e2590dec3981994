// Streaming: relay without buffering, cancel propagation, failures mid-stream, usage handling,
// and many concurrent streams.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { expectedAnswer, expectedUsage } from '../support/fake_openai.mjs';
import { accessLogUsage } from '../support/gateway.mjs';
import { chatBody, useGateway } from '../support/harness.mjs';
import { streamedText, withTimeout } from '../support/http.mjs';

const isUsageChunk = (e) => Array.isArray(e.json?.choices) && e.json.choices.length === 0 && e.json.usage;

describe('streaming', { timeout: 120000 }, () => {
  const ctx = useGateway();

  const upstreamFor = (content) => ctx.fake.waitForRequest((r) => r.body?.messages?.[0]?.content === content);

  test('relay: client gets chunk 1 before upstream sends chunk 2', async () => {
    const body = chatBody('gated', 'relay check one two');
    const s = ctx.stream(body);
    const res = await withTimeout(s.response, 5000, 'response headers');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /text\/event-stream/);
    const first = await s.next(5000);
    const up = await upstreamFor('relay check one two');
    // The fake is still holding chunk 2 back: chunk 1 was relayed on its own.
    assert.equal(up.events.length, 1, 'upstream has sent only chunk 1');
    assert.ok(up.release, 'upstream stream is gated');
    assert.equal(first.json.choices[0].delta.content, 'Echo:');
    up.release();
    const { events, endedCleanly } = await withTimeout(s.done, 5000, 'stream end');
    assert.ok(endedCleanly);
    assert.equal(events.at(-1).data, '[DONE]');
    assert.equal(streamedText(events), expectedAnswer(body));
  });

  test('client disconnect closes the upstream connection within 100 ms', async () => {
    const s = ctx.stream(chatBody('gated', 'cancel me'), { headers: { 'x-request-id': 'cancel-1' } });
    await s.next(5000);
    const up = await upstreamFor('cancel me');
    const conn = ctx.fake.connections.get(up.socketId);
    assert.equal(conn.closedAt, null);
    const abortAt = s.abort();
    const closedAt = await withTimeout(conn.closed, 2000, 'upstream connection close after client abort');
    const ms = closedAt - abortAt;
    assert.ok(ms < 100, `upstream closed ${ms.toFixed(1)} ms after the client abort`);
    // The request is still accounted for.
    await ctx.gw.waitForAccessLog((l) => l.request_id === 'cancel-1');
  });

  test('upstream reset before the first byte → 502 for streams', async () => {
    const s = ctx.stream(chatBody('reset-before'));
    const res = await withTimeout(s.response, 5000, 'response');
    const { raw } = await withTimeout(s.done, 5000, 'end');
    assert.equal(res.status, 502, raw);
    assert.ok(JSON.parse(raw).error);
  });

  test('client without include_usage sees no usage; upstream was asked for it; log has usage', async () => {
    const body = chatBody('gpt-test', 'no usage for me');
    const s = ctx.stream(body, { headers: { 'x-request-id': 'stream-no-usage' } });
    const { events } = await withTimeout(s.done, 5000, 'stream');
    assert.equal(events.at(-1).data, '[DONE]');
    assert.equal(events.filter(isUsageChunk).length, 0, 'no usage-only chunk');
    assert.ok(events.every((e) => e.json?.usage == null), 'no usage anywhere');
    assert.ok(events.every((e) => e.data === '[DONE]' || e.json?.choices?.length > 0), 'no empty-choices chunk');
    assert.equal(streamedText(events), expectedAnswer(body));
    const up = await upstreamFor('no usage for me');
    assert.equal(up.body.stream_options?.include_usage, true);
    const line = await ctx.gw.waitForAccessLog((l) => l.request_id === 'stream-no-usage');
    const expected = expectedUsage({ ...body, model: 'scenario-normal' }, expectedAnswer(body));
    assert.deepEqual(accessLogUsage(line), { prompt_tokens: expected.prompt_tokens, completion_tokens: expected.completion_tokens });
    assert.equal(line.stream, true);
  });

  test('client with include_usage sees exactly one usage chunk, right before [DONE]', async () => {
    const body = chatBody('gpt-test', 'usage please', { stream_options: { include_usage: true } });
    const s = ctx.stream(body);
    const { events } = await withTimeout(s.done, 5000, 'stream');
    const usage = events.filter(isUsageChunk);
    assert.equal(usage.length, 1);
    assert.equal(events.at(-1).data, '[DONE]');
    assert.ok(isUsageChunk(events.at(-2)));
    const expected = expectedUsage({ ...body, stream: true, model: 'scenario-normal' }, expectedAnswer(body));
    assert.equal(usage[0].json.usage.completion_tokens, expected.completion_tokens);
    const up = await upstreamFor('usage please');
    assert.equal(up.body.stream_options.include_usage, true);
  });

  test('client with include_usage:false is treated as not asking', async () => {
    const s = ctx.stream(chatBody('gpt-test', 'explicit false', { stream_options: { include_usage: false } }));
    const { events } = await withTimeout(s.done, 5000, 'stream');
    assert.equal(events.filter(isUsageChunk).length, 0);
    const up = await upstreamFor('explicit false');
    assert.equal(up.body.stream_options.include_usage, true);
  });

  test('legacy completions stream relays and strips usage', async () => {
    const s = ctx.stream({ model: 'gpt-test', prompt: 'legacy stream' }, { path: '/v1/completions' });
    const { events } = await withTimeout(s.done, 5000, 'stream');
    assert.equal(streamedText(events), 'Echo: legacy stream');
    assert.equal(events.filter(isUsageChunk).length, 0);
    assert.equal(events.at(-1).data, '[DONE]');
  });

  test('tool-call fragments stream through intact', async () => {
    const s = ctx.stream(chatBody('tools', 'tool stream'));
    const { events } = await withTimeout(s.done, 5000, 'stream');
    let args = '';
    for (const e of events) for (const tc of e.json?.choices?.[0]?.delta?.tool_calls ?? []) args += tc.function?.arguments ?? '';
    assert.deepEqual(JSON.parse(args), { city: 'Oslo' });
    assert.equal(events.at(-1).data, '[DONE]');
  });

  test('200 concurrent streams, all open at once, all complete intact', async () => {
    const n = 200;
    const streams = [];
    for (let i = 0; i < n; i++) streams.push(ctx.stream(chatBody('gated', `concurrent stream number ${i}`)));
    // Every stream has reached the upstream and is held there: they really are concurrent.
    await ctx.fake.waitForGates(n, 30000);
    for (const s of streams) await s.next(10000);
    ctx.fake.release();
    const results = await withTimeout(Promise.all(streams.map((s) => s.done)), 30000, `${n} streams`);
    results.forEach(({ events, endedCleanly }, i) => {
      assert.ok(endedCleanly, `stream ${i} ended cleanly`);
      assert.equal(events.at(-1)?.data, '[DONE]', `stream ${i} ends with [DONE]`);
      assert.equal(streamedText(events), `Echo: concurrent stream number ${i}`, `stream ${i} content`);
    });
  });
  // Failure modes last: if one of them kills the gateway, the tests above still report.
  test('upstream reset mid-stream: error event, clean end, no [DONE]', async () => {
    const s = ctx.stream(chatBody('reset', 'reset after two chunks please'));
    const res = await withTimeout(s.response, 5000, 'response headers');
    assert.equal(res.status, 200);
    const { events, endedCleanly } = await withTimeout(s.done, 5000, 'stream end after upstream reset');
    assert.ok(endedCleanly, `response ended cleanly; raw: ${s.raw}`);
    assert.ok(!events.some((e) => e.data === '[DONE]'), 'no [DONE] after a failure');
    const last = events.at(-1);
    assert.ok(last?.json?.error, `last event is an error event; raw: ${s.raw}`);
    assert.equal(typeof last.json.error.message, 'string');
    assert.ok('type' in last.json.error && 'code' in last.json.error);
    assert.equal(streamedText(events.slice(0, -1)), 'Echo: reset');
    assert.ok(!s.raw.includes(ctx.secrets.providerKey));
  });

  test('upstream silent past the idle timeout mid-stream: error event, clean end', async () => {
    // `stalls` is on the provider with idle: 300ms and sends an event every 2 s.
    const s = ctx.stream(chatBody('stalls', 'stall please'));
    const first = await s.next(5000);
    const firstAt = first.at;
    const { events, endedCleanly } = await withTimeout(s.done, 5000, 'stream end after idle timeout');
    const last = events.at(-1);
    assert.ok(endedCleanly, `clean end; raw: ${s.raw}`);
    assert.ok(last?.json?.error, `error event last; raw: ${s.raw}`);
    assert.ok(!events.some((e) => e.data === '[DONE]'));
    const ms = last.at - firstAt;
    assert.ok(ms >= 250 && ms < 1900, `error ${ms.toFixed(0)} ms after the first event (idle 300 ms)`);
  });
});
