// OpenAI clients → llmgw → Azure OpenAI (the fake): deployment routes with api-version and the
// api-key header, v1 routes with a Bearer token, Azure's stream quirks (filter-only first chunk,
// content_filter_results), Azure error bodies, in-stream failures, embeddings.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { TOOL_CALLS } from '../support/fake_base.mjs';
import { startFakeAzure } from '../support/fake_azure.mjs';
import { expectedUsage, fakeEmbedding } from '../support/openai_wire.mjs';
import {
  TIMEOUTS, TOOLS, TOOL_RESULTS, assertCleanStream, assertError, assertStreamFailed, model, toolFollowUp,
  useProviderGateway, userChat,
} from '../support/provider_harness.mjs';

const API_VERSION = '2024-10-21';
// Azure's prompt-filter-only chunk; tested on its own below, ignored by the other stream tests.
const isFilterOnly = (e) => Array.isArray(e.json?.choices) && e.json.choices.length === 0 && e.json.prompt_filter_results;
const withoutFilterOnly = (r) => ({ ...r, events: r.events.filter((e) => !isFilterOnly(e)) });

describe('provider azure_openai (OpenAI endpoint)', { timeout: 60000 }, () => {
  const ctx = useProviderGateway(async (secrets) => {
    const azure = await startFakeAzure({ apiKey: secrets.providerKey, auth: 'api_key', apiVersion: API_VERSION });
    const azureV1 = await startFakeAzure({ apiKey: secrets.providerKey, auth: 'bearer' });
    const common = { api_key: '${LLMGW_TEST_PROVIDER_KEY}', timeouts: TIMEOUTS };
    return {
      fakes: { azure, azureV1 },
      providers: [
        { name: 'az', kind: 'azure_openai', base_url: azure.baseUrl, ...common, azure: { api_version: API_VERSION, auth: 'api_key' } },
        { name: 'az-v1', kind: 'azure_openai', base_url: azureV1.baseUrl, ...common, azure: { v1_routes: true, auth: 'bearer' } },
      ],
      models: [
        model('azure', 'az', 'scenario-normal'),
        model('azure-tools', 'az', 'scenario-tools'),
        model('azure-429', 'az', 'scenario-status-429'),
        model('azure-500', 'az', 'scenario-status-500'),
        model('azure-content-filter', 'az', 'scenario-content-filter'),
        model('azure-filtered', 'az', 'scenario-filtered'),
        model('azure-stream-error', 'az', 'scenario-stream-error'),
        model('azure-cut', 'az', 'scenario-cut'),
        model('azure-embed', 'az', 'text-embedding-3-small'),
        model('azure-v1', 'az-v1', 'scenario-normal'),
      ],
    };
  });
  const upstreamFor = (fake, text) => fake.last((r) => JSON.stringify(r.body?.messages ?? '').includes(text));

  test('deployment route: path, api-version, api-key header; OpenAI answer and usage', async () => {
    const body = userChat('azure', 'hello azure', { max_tokens: 50 });
    const res = await ctx.chat(body);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.object, 'chat.completion');
    assert.equal(res.json.choices[0].message.content, 'Echo: hello azure');
    assert.equal(res.json.choices[0].finish_reason, 'stop');
    const up = upstreamFor(ctx.fakes.azure, 'hello azure');
    assert.equal(up.path, '/openai/deployments/scenario-normal/chat/completions');
    assert.deepEqual(up.query, { 'api-version': API_VERSION });
    assert.equal(up.headers['api-key'], ctx.secrets.providerKey);
    assert.equal(up.headers.authorization, undefined, 'no Authorization next to api-key');
    assert.equal(up.body.max_tokens, 50);
    const u = res.json.usage;
    assert.deepEqual([u.prompt_tokens, u.completion_tokens, u.total_tokens],
      [up.usage.prompt_tokens, up.usage.completion_tokens, up.usage.total_tokens]);
  });

  test('v1 route: /openai/v1, model in the body, Bearer auth, no api-version', async () => {
    const res = await ctx.chat(userChat('azure-v1', 'hello azure v1'));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.choices[0].message.content, 'Echo: hello azure v1');
    const up = upstreamFor(ctx.fakes.azureV1, 'hello azure v1');
    assert.equal(up.path, '/openai/v1/chat/completions');
    assert.deepEqual(up.query, {});
    assert.equal(up.body.model, 'scenario-normal');
    assert.equal(up.headers.authorization, `Bearer ${ctx.secrets.providerKey}`);
    assert.equal(up.headers['api-key'], undefined);
  });

  test('stream: Azure\'s filter-only first chunk (blank id, choices:[]) does not reach the client as is', async () => {
    const r = await ctx.stream(userChat('azure', 'filter chunk check'));
    assert.equal(r.status, 200, r.raw);
    const bad = r.events.filter((e) => e.json && e.json.id === '');
    assert.deepEqual(bad.map((e) => e.data), [], 'no chunk with a blank id (clients reading choices[0] crash on it)');
  });

  test('stream with include_usage: text, stop, one usage chunk, [DONE]', async () => {
    const body = userChat('azure', 'stream azure words', { stream_options: { include_usage: true } });
    const r = withoutFilterOnly(await ctx.stream(body));
    const s = assertCleanStream(r);
    assert.equal(s.text, 'Echo: stream azure words');
    assert.deepEqual(s.finish, ['stop']);
    assert.equal(s.usage.length, 1);
    const up = upstreamFor(ctx.fakes.azure, 'stream azure words');
    assert.equal(s.usage[0].completion_tokens, expectedUsage(up.body, 'Echo: stream azure words').completion_tokens);
    const plain = withoutFilterOnly(await ctx.stream(userChat('azure', 'stream azure no usage')));
    assert.equal(assertCleanStream(plain).usage.length, 0, 'usage only when asked for');
  });

  test('tool calls stream and round trip through the deployment route', async () => {
    const r = withoutFilterOnly(await ctx.stream(userChat('azure-tools', 'azure tools', { tools: TOOLS })));
    const s = assertCleanStream(r);
    assert.deepEqual(s.finish, ['tool_calls']);
    assert.deepEqual(s.calls.map((c) => [c.name, JSON.parse(c.arguments)]), TOOL_CALLS.map((c) => [c.name, c.input]));
    const res = await ctx.chat(toolFollowUp('azure', 'azure round trip', s.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }))));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.choices[0].message.content, `Results: ${TOOL_RESULTS.join('; ')}`);
    const up = upstreamFor(ctx.fakes.azure, 'azure round trip');
    assert.deepEqual(up.body.messages.filter((m) => m.role === 'tool').map((m) => [m.tool_call_id, m.content]),
      s.calls.map((c, i) => [c.id, TOOL_RESULTS[i]]));
  });

  test('errors: 429 with retry-after, content_filter 400 with Azure\'s message, 500 → 5xx', async () => {
    const r429 = await ctx.chat(userChat('azure-429', 'x'));
    assertError(r429, 429, '429');
    assert.equal(r429.headers['retry-after'], '7');
    const cf = await ctx.chat(userChat('azure-content-filter', 'x'));
    const e = assertError(cf, 400, 'content filter');
    assert.match(e.message, /content management policy/);
    const r500 = await ctx.chat(userChat('azure-500', 'x'));
    assert.ok(r500.status >= 500 && r500.status <= 599, `5xx: ${r500.status}`);
  });

  test('filtered completion: finish_reason content_filter', async () => {
    const res = await ctx.chat(userChat('azure-filtered', 'x'));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.choices[0].finish_reason, 'content_filter');
    const r = withoutFilterOnly(await ctx.stream(userChat('azure-filtered', 'y')));
    assert.deepEqual(assertCleanStream(r).finish, ['content_filter']);
  });

  test('in-stream error and cut stream → SSE error event, no [DONE]', async () => {
    for (const m of ['azure-stream-error', 'azure-cut']) {
      const r = withoutFilterOnly(await ctx.stream(userChat(m, 'please fail after a few words')));
      const s = assertStreamFailed(r);
      assert.equal(s.text, 'Echo: please', m);
    }
  });

  test('embeddings through the deployment route', async () => {
    const res = await ctx.post('/v1/embeddings', { model: 'azure-embed', input: ['one', 'two'], encoding_format: 'float' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.data.map((d) => d.embedding), [fakeEmbedding('one'), fakeEmbedding('two')]);
    const up = ctx.fakes.azure.last((r) => r.path.endsWith('/embeddings'));
    assert.equal(up.path, '/openai/deployments/text-embedding-3-small/embeddings');
    assert.equal(up.query['api-version'], API_VERSION);
  });
});
