// The official @anthropic-ai/sdk pointed at llmgw's POST /v1/messages: users change the base URL
// and key and nothing else. Two backings: an OpenAI-compatible model (fake_openai; the gateway
// translates both ways) and an Anthropic model (fake_anthropic; the fake's bytes pass through);
// Gemini- and Bedrock-backed models check the Anthropic dialect over other translated providers.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';

import { TOOL_CALLS, TOOL_PREAMBLE } from '../support/fake_base.mjs';
import { startFakeAnthropic } from '../support/fake_anthropic.mjs';
import { startFakeBedrock } from '../support/fake_bedrock.mjs';
import { startFakeGemini } from '../support/fake_gemini.mjs';
import { startFakeOpenAI } from '../support/fake_openai.mjs';
import { request } from '../support/http.mjs';
import { TIMEOUTS, model, useProviderGateway } from '../support/provider_harness.mjs';

const WEATHER_TOOL = { name: 'get_weather', description: 'Current weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const TIME_TOOL = { name: 'get_time', description: 'Local time', input_schema: { type: 'object', properties: { tz: { type: 'string' } }, required: ['tz'] } };
const user = (content) => [{ role: 'user', content }];

describe('anthropic SDK through llmgw /v1/messages', { timeout: 60000 }, () => {
  const ctx = useProviderGateway(async (secrets) => {
    const openai = await startFakeOpenAI();
    const anthropic = await startFakeAnthropic({ apiKey: secrets.providerKey });
    const gemini = await startFakeGemini({ apiKey: secrets.providerKey });
    const bedrock = await startFakeBedrock({ region: 'us-east-1', credentials: { accessKeyId: secrets.awsAccessKeyId, secretAccessKey: secrets.awsSecretAccessKey } });
    return {
      fakes: { openai, anthropic, gemini, bedrock },
      providers: [
        { name: 'oai', kind: 'openai_compatible', base_url: openai.baseUrl, api_key: '${LLMGW_TEST_PROVIDER_KEY}', timeouts: TIMEOUTS },
        { name: 'anth', kind: 'anthropic', base_url: anthropic.baseUrl, api_key: '${LLMGW_TEST_PROVIDER_KEY}', timeouts: TIMEOUTS },
        { name: 'gem', kind: 'gemini', base_url: gemini.baseUrl, api_key: '${LLMGW_TEST_PROVIDER_KEY}', timeouts: TIMEOUTS },
        { name: 'bed', kind: 'bedrock', base_url: bedrock.baseUrl, timeouts: TIMEOUTS,
          bedrock: { region: 'us-east-1', access_key_id: '${LLMGW_TEST_AWS_AK}', secret_access_key: '${LLMGW_TEST_AWS_SK}' } },
      ],
      models: [
        model('gpt-backed', 'oai', 'scenario-normal'),
        model('gpt-tools', 'oai', 'scenario-tools'),
        model('gpt-rate-limited', 'oai', 'scenario-status-429'),
        model('claude', 'anth', 'scenario-normal'),
        model('claude-tools', 'anth', 'scenario-tools'),
        model('claude-rate-limited', 'anth', 'scenario-status-429'),
        model('claude-broken-stream', 'anth', 'scenario-stream-error'),
        model('gpt-reset', 'oai', 'scenario-reset'),
        model('gemini-backed', 'gem', 'scenario-normal'),
        model('bedrock-backed', 'bed', 'scenario-normal'),
        model('gemini-tools', 'gem', 'scenario-tools'),
        model('bedrock-tools', 'bed', 'scenario-tools'),
      ],
    };
  });
  const client = (apiKey = ctx.secrets.clientKeyA) =>
    new Anthropic({ baseURL: `http://127.0.0.1:${ctx.gw.port}`, apiKey, maxRetries: 0, timeout: 10000 });

  for (const m of ['gpt-backed', 'claude', 'gemini-backed', 'bedrock-backed']) {
    test(`${m}: messages.create (non-stream)`, async () => {
      const msg = await client().messages.create({ model: m, max_tokens: 256, system: 'Be terse.', messages: user(`sdk hello ${m}`) });
      assert.equal(msg.type, 'message');
      assert.equal(msg.role, 'assistant');
      assert.match(msg.id, /^msg_/);
      assert.deepEqual(msg.content.map((b) => [b.type, b.text]), [['text', `Echo: sdk hello ${m}`]]);
      assert.equal(msg.stop_reason, 'end_turn');
      assert.ok(msg.usage.input_tokens > 0 && msg.usage.output_tokens > 0, JSON.stringify(msg.usage));
    });

    test(`${m}: messages.stream + finalMessage, text events in order`, async () => {
      const stream = client().messages.stream({ model: m, max_tokens: 256, messages: user(`stream through ${m} please`) });
      const deltas = [];
      stream.on('text', (t) => deltas.push(t));
      const final = await stream.finalMessage();
      assert.equal(final.content[0].text, `Echo: stream through ${m} please`);
      assert.equal(deltas.join(''), final.content[0].text);
      assert.ok(deltas.length > 1, 'streamed in several deltas');
      assert.equal(final.stop_reason, 'end_turn');
      assert.ok(final.usage.output_tokens > 0);
    });
  }

  test('gpt-backed: the request reaching the OpenAI upstream is the translated one', async () => {
    await client().messages.create({ model: 'gpt-backed', max_tokens: 99, system: 'Be kind.', stop_sequences: ['END'], messages: user('translate me') });
    const up = ctx.fakes.openai.requests.findLast((r) => JSON.stringify(r.body?.messages ?? '').includes('translate me'));
    assert.ok(up, 'request reached the OpenAI fake');
    assert.equal(up.url, '/v1/chat/completions');
    assert.equal(up.body.model, 'scenario-normal');
    assert.deepEqual(up.body.messages.map((x) => [x.role, typeof x.content === 'string' ? x.content : x.content.map((p) => p.text).join('')]),
      [['system', 'Be kind.'], ['user', 'translate me']]);
    assert.equal(up.body.max_tokens ?? up.body.max_completion_tokens, 99);
    assert.deepEqual([up.body.stop].flat(), ['END']);
  });

  test('gpt-backed: tool use round trip (stream + finalMessage, then tool_result)', async () => {
    const final = await client().messages.stream({ model: 'gpt-tools', max_tokens: 256, tools: [WEATHER_TOOL], messages: user('weather in Oslo?') }).finalMessage();
    assert.equal(final.stop_reason, 'tool_use');
    const toolUse = final.content.find((b) => b.type === 'tool_use');
    assert.equal(toolUse.name, 'get_weather');
    assert.deepEqual(toolUse.input, { city: 'Oslo' });
    const next = await client().messages.create({
      model: 'gpt-backed', max_tokens: 256, tools: [WEATHER_TOOL],
      messages: [...user('weather in Oslo?'), { role: 'assistant', content: final.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '3°C, snow' }] }],
    });
    assert.equal(next.content[0].type, 'text');
    const up = ctx.fakes.openai.requests.findLast((r) => r.body?.messages?.some((x) => x.role === 'tool'));
    const assistant = up.body.messages.find((x) => x.role === 'assistant');
    assert.equal(assistant.tool_calls[0].id, toolUse.id);
    assert.deepEqual(JSON.parse(assistant.tool_calls[0].function.arguments), { city: 'Oslo' });
    const tool = up.body.messages.find((x) => x.role === 'tool');
    assert.equal(tool.tool_call_id, toolUse.id);
    assert.equal(typeof tool.content === 'string' ? tool.content : tool.content.map((p) => p.text).join(''), '3°C, snow');
  });

  test('claude: tool use (two parallel calls) and the round trip reaches Anthropic unchanged', async () => {
    const tools = [WEATHER_TOOL, TIME_TOOL];
    const msg = await client().messages.create({ model: 'claude-tools', max_tokens: 256, tools, messages: user('weather and time?') });
    assert.equal(msg.stop_reason, 'tool_use');
    assert.equal(msg.content[0].text, TOOL_PREAMBLE);
    assert.deepEqual(msg.content.slice(1).map((b) => [b.type, b.name, b.input]), TOOL_CALLS.map((c) => ['tool_use', c.name, c.input]));
    const final = await client().messages.stream({ model: 'claude-tools', max_tokens: 256, tools, messages: user('stream the tools') }).finalMessage();
    assert.deepEqual(final.content.filter((b) => b.type === 'tool_use').map((b) => b.input), TOOL_CALLS.map((c) => c.input));
    const results = msg.content.slice(1).map((b, i) => ({ type: 'tool_result', tool_use_id: b.id, content: ['3°C, snow', '14:05'][i] }));
    const next = await client().messages.create({ model: 'claude', max_tokens: 256, tools,
      messages: [...user('weather and time?'), { role: 'assistant', content: msg.content }, { role: 'user', content: results }] });
    assert.equal(next.content[0].text, 'Results: 3°C, snow; 14:05');
  });

  test('claude: passthrough — the fake\'s bytes arrive unchanged (JSON and SSE)', async () => {
    const headers = { 'x-api-key': ctx.secrets.clientKeyA, 'anthropic-version': '2023-06-01' };
    const body = { model: 'claude', max_tokens: 64, messages: user('byte for byte') };
    const plain = await request(ctx.gw.port, { method: 'POST', path: '/v1/messages', headers, body });
    assert.equal(plain.status, 200, plain.text);
    const upPlain = ctx.fakes.anthropic.last((r) => r.raw.includes('byte for byte') && !r.body.stream);
    assert.equal(plain.text, ctx.fakes.anthropic.responseText(upPlain));
    const streamed = await request(ctx.gw.port, { method: 'POST', path: '/v1/messages', headers, body: { ...body, stream: true } });
    assert.equal(streamed.status, 200, streamed.text);
    assert.match(streamed.headers['content-type'], /text\/event-stream/);
    const upStream = ctx.fakes.anthropic.last((r) => r.raw.includes('byte for byte') && r.body.stream === true);
    assert.equal(streamed.text, ctx.fakes.anthropic.responseText(upStream));
    assert.ok(streamed.text.includes('event: ping'), 'even ping events pass through');
    assert.equal(upStream.headers['x-api-key'], ctx.secrets.providerKey, 'the provider key replaces the client key');
  });

  test('claude: anthropic-beta from the SDK reaches Anthropic; countTokens works', async () => {
    await client().beta.messages.create({ model: 'claude', max_tokens: 16, betas: ['token-efficient-tools-2025-02-19'], messages: user('beta via sdk') });
    const up = ctx.fakes.anthropic.last((r) => r.raw.includes('beta via sdk'));
    assert.equal(up.headers['anthropic-beta'], 'token-efficient-tools-2025-02-19');
    const count = await client().messages.countTokens({ model: 'claude', messages: user('count me') });
    assert.ok(Number.isInteger(count.input_tokens) && count.input_tokens > 0, JSON.stringify(count));
  });

  for (const m of ['gemini-tools', 'bedrock-tools']) {
    test(`${m}: two parallel tool_use blocks, streamed and not`, async () => {
      const tools = [WEATHER_TOOL, TIME_TOOL];
      const msg = await client().messages.create({ model: m, max_tokens: 256, tools, messages: user('weather and time?') });
      assert.equal(msg.stop_reason, 'tool_use');
      assert.deepEqual(msg.content.filter((b) => b.type === 'tool_use').map((b) => [b.name, b.input]), TOOL_CALLS.map((c) => [c.name, c.input]));
      const final = await client().messages.stream({ model: m, max_tokens: 256, tools, messages: user('stream them') }).finalMessage();
      assert.equal(final.stop_reason, 'tool_use');
      assert.deepEqual(final.content.filter((b) => b.type === 'tool_use').map((b) => [b.name, b.input]), TOOL_CALLS.map((c) => [c.name, c.input]));
    });
  }

  test('a failure after the stream started raises from the SDK stream (passthrough and translated)', async () => {
    for (const [m, pattern] of [['claude-broken-stream', /Overloaded/], ['gpt-reset', /./]]) {
      const stream = client().messages.stream({ model: m, max_tokens: 64, messages: user('please fail after a few words') });
      let text = '';
      stream.on('text', (t) => (text += t));
      await assert.rejects(stream.finalMessage(), (e) => pattern.test(e.message), m);
      assert.ok(text.startsWith('Echo:'), `${m}: text before the failure arrived (${JSON.stringify(text)})`);
    }
  });

  test('errors arrive in Anthropic\'s shape as the SDK\'s typed errors', async () => {
    await assert.rejects(client().messages.create({ model: 'no-such-model', max_tokens: 5, messages: user('x') }),
      (e) => e instanceof Anthropic.NotFoundError && e.status === 404 && e.type === 'not_found_error' && e.error?.type === 'error');
    await assert.rejects(client('wrong-key').messages.create({ model: 'claude', max_tokens: 5, messages: user('x') }),
      (e) => e instanceof Anthropic.AuthenticationError && e.type === 'authentication_error');
    for (const m of ['gpt-rate-limited', 'claude-rate-limited']) {
      await assert.rejects(client().messages.create({ model: m, max_tokens: 5, messages: user('x') }),
        (e) => e instanceof Anthropic.RateLimitError && e.type === 'rate_limit_error' && e.headers.get('retry-after') === '7', m);
    }
    await assert.rejects(client().messages.create({ model: 'gpt-backed', messages: user('x') }),
      (e) => e instanceof Anthropic.BadRequestError && e.type === 'invalid_request_error' && /max_tokens/.test(e.message));
    const rid = await client().messages.create({ model: 'no-such-model', max_tokens: 5, messages: user('x') }).catch((e) => e);
    assert.ok(rid.requestID, 'request-id header set on errors');
  });
});
