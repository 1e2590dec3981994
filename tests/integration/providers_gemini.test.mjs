// OpenAI clients → llmgw → Google Gemini (Generative Language API and the Vertex AI form, both
// served by the fake): translated requests, OpenAI answers with exact usage (thoughts and cached
// tokens), made-up tool-call ids that round-trip, errors, in-stream failures (data: error, bare
// JSON error, cut), CRLF events, unsupported parameters, and embeddings.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { TOOL_CALLS, TOOL_PREAMBLE } from '../support/fake_base.mjs';
import { expectedOpenAIUsage, signatureOf, startFakeGemini } from '../support/fake_gemini.mjs';
import { embeddingToBase64, fakeEmbedding } from '../support/openai_wire.mjs';
import {
  TIMEOUTS, TOOLS, TOOL_RESULTS, assertCleanStream, assertCompletion, assertError, assertStreamFailed, model, toolFollowUp,
  useProviderGateway, usageOf, userChat,
} from '../support/provider_harness.mjs';

const VERTEX = { project: 'test-project', location: 'us-central1' };
const partsText = (parts) => parts.filter((p) => typeof p.text === 'string').map((p) => p.text).join('');
const geminiUsageOf = (u) => ({ ...usageOf(u), reasoning_tokens: u?.completion_tokens_details?.reasoning_tokens ?? 0 });

describe('provider gemini (OpenAI endpoint)', { timeout: 60000 }, () => {
  const ctx = useProviderGateway(async (secrets) => {
    const gemini = await startFakeGemini({ apiKey: secrets.providerKey, vertex: VERTEX });
    const common = { base_url: gemini.baseUrl, api_key: '${LLMGW_TEST_PROVIDER_KEY}', timeouts: TIMEOUTS };
    return {
      fakes: { gemini },
      providers: [
        { name: 'gem', kind: 'gemini', ...common },
        { name: 'vtx', kind: 'gemini', ...common, gemini: { vertex: true, ...VERTEX } },
      ],
      models: [
        model('gemini', 'gem', 'scenario-normal'),
        model('gemini-tools', 'gem', 'scenario-tools'),
        model('gemini-crlf', 'gem', 'scenario-crlf'),
        model('gemini-429', 'gem', 'scenario-status-429'),
        model('gemini-400', 'gem', 'scenario-status-400'),
        model('gemini-500', 'gem', 'scenario-status-500'),
        model('gemini-stream-error', 'gem', 'scenario-stream-error'),
        model('gemini-stream-error-bare', 'gem', 'scenario-stream-error-bare'),
        model('gemini-cut', 'gem', 'scenario-cut'),
        model('gemini-lenient', 'gem', 'scenario-normal', { drop_unsupported: true }),
        model('gemini-embed', 'gem', 'text-embedding-004'),
        model('vertex', 'vtx', 'scenario-normal'),
        model('gemini-thinking-tools', 'gem', 'scenario-tools-signed'),
        model('gemini-thinking', 'gem', 'scenario-normal-signed'),
      ],
    };
  });
  const fake = () => ctx.fakes.gemini;
  const upstreamFor = (text) => fake().last((r) => JSON.stringify(r.body?.contents ?? '').includes(text));

  test('non-stream chat: translated request, OpenAI answer, exact usage incl. thoughts and cache', async () => {
    const res = await ctx.chat({
      model: 'gemini',
      messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'hello gemini' }],
      max_tokens: 100, stop: ['END'], temperature: 0.5, top_p: 0.9,
    });
    const choice = assertCompletion(res, 'gemini');
    assert.equal(choice.message.content, 'Echo: hello gemini');
    assert.equal(choice.finish_reason, 'stop');
    const up = upstreamFor('hello gemini');
    assert.equal(up.path, '/v1beta/models/scenario-normal:generateContent');
    assert.equal(up.headers['x-goog-api-key'], ctx.secrets.providerKey);
    assert.equal(up.headers.authorization, undefined);
    assert.equal(partsText(up.body.systemInstruction.parts), 'Be terse.');
    assert.deepEqual(up.body.contents.map((c) => ({ role: c.role, text: partsText(c.parts) })), [{ role: 'user', text: 'hello gemini' }]);
    assert.deepEqual(up.body.generationConfig, { maxOutputTokens: 100, stopSequences: ['END'], temperature: 0.5, topP: 0.9 });
    assert.deepEqual(geminiUsageOf(res.json.usage), expectedOpenAIUsage(up.usage));
  });

  for (const [name, publicModel] of [['LF', 'gemini'], ['CRLF', 'gemini-crlf']]) {
    test(`stream (${name} event separators) with include_usage: text, stop, exact final usage`, async () => {
      const r = await ctx.stream(userChat(publicModel, `stream ${name} words please`, { stream_options: { include_usage: true } }));
      const s = assertCleanStream(r, publicModel);
      assert.equal(s.text, `Echo: stream ${name} words please`);
      assert.deepEqual(s.finish, ['stop']);
      assert.equal(s.usage.length, 1, 'running usageMetadata totals become one usage chunk');
      const up = upstreamFor(`stream ${name} words please`);
      assert.match(up.path, /:streamGenerateContent$/);
      assert.equal(up.query.alt, 'sse');
      assert.deepEqual(geminiUsageOf(s.usage[0]), expectedOpenAIUsage(up.usage));
    });
  }

  test('tool calls (non-stream): made-up unique ids, finish tool_calls, tools translated', async () => {
    const res = await ctx.chat(userChat('gemini-tools', 'gemini weather and time?', { tools: TOOLS, tool_choice: 'required' }));
    const choice = assertCompletion(res, 'gemini-tools');
    assert.equal(choice.finish_reason, 'tool_calls', 'STOP with functionCall parts is tool_calls');
    assert.equal(choice.message.content, TOOL_PREAMBLE);
    const calls = choice.message.tool_calls;
    assert.equal(calls.length, 2);
    assert.equal(new Set(calls.map((c) => c.id)).size, 2, 'distinct ids');
    for (const [i, c] of calls.entries()) {
      assert.ok(typeof c.id === 'string' && c.id.length > 0);
      assert.equal(c.function.name, TOOL_CALLS[i].name);
      assert.deepEqual(JSON.parse(c.function.arguments), TOOL_CALLS[i].input);
    }
    const up = upstreamFor('gemini weather and time?');
    const decls = up.body.tools.flatMap((t) => t.functionDeclarations ?? []);
    assert.deepEqual(decls.map((d) => d.name), ['get_weather', 'get_time']);
    for (const d of decls) assert.ok(d.parameters || d.parametersJsonSchema, `schema for ${d.name}`);
    assert.equal(up.body.toolConfig?.functionCallingConfig?.mode, 'ANY');
  });

  test('tool calls (stream): whole calls become tool_call deltas with ids', async () => {
    const r = await ctx.stream(userChat('gemini-tools', 'gemini stream tools', { tools: TOOLS }));
    const s = assertCleanStream(r, 'gemini-tools');
    assert.deepEqual(s.finish, ['tool_calls']);
    assert.equal(s.calls.length, 2);
    for (const [i, c] of s.calls.entries()) {
      assert.equal(c.name, TOOL_CALLS[i].name);
      assert.deepEqual(JSON.parse(c.arguments), TOOL_CALLS[i].input);
    }
  });

  test('tool round trip: functionResponse parts carry the looked-up names and outputs', async () => {
    const first = await ctx.chat(userChat('gemini-tools', 'gemini round trip', { tools: TOOLS }));
    const calls = first.json.choices[0].message.tool_calls;
    const res = await ctx.chat(toolFollowUp('gemini', 'gemini round trip', calls));
    const choice = assertCompletion(res, 'gemini');
    assert.equal(choice.message.content, `Results: ${TOOL_RESULTS.join('; ')}`);
    const up = fake().last((r) => r.model === 'scenario-normal' && r.body?.contents?.length === 3);
    const [user, modelTurn, results] = up.body.contents;
    assert.equal(partsText(user.parts), 'gemini round trip');
    assert.equal(modelTurn.role, 'model');
    assert.deepEqual(modelTurn.parts.filter((p) => p.functionCall).map((p) => ({ name: p.functionCall.name, args: p.functionCall.args })),
      TOOL_CALLS.map((c) => ({ name: c.name, args: c.input })));
    assert.equal(results.role, 'user');
    assert.deepEqual(results.parts.map((p) => ({ name: p.functionResponse?.name, output: p.functionResponse?.response?.output })),
      TOOL_CALLS.map((c, i) => ({ name: c.name, output: TOOL_RESULTS[i] })));
  });

  // providers.md §3.2: thinking models reject function-calling turns whose functionCall parts
  // lack the thoughtSignature they came with; the gateway has to carry it through the OpenAI
  // tool-call round trip (e.g. stashed in, or keyed by, the tool-call id).
  test('tool round trip on a thinking model: thoughtSignature replayed on the functionCall parts', async () => {
    for (const stream of [false, true]) {
      const question = `signed round trip ${stream ? 'streamed' : 'plain'}`;
      let calls;
      if (stream) {
        const s = assertCleanStream(await ctx.stream(userChat('gemini-thinking-tools', question, { tools: TOOLS })), 'gemini-thinking-tools');
        calls = s.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
      } else {
        calls = (await ctx.chat(userChat('gemini-thinking-tools', question, { tools: TOOLS }))).json.choices[0].message.tool_calls;
      }
      const res = await ctx.chat(toolFollowUp('gemini-thinking', question, calls));
      assert.equal(res.status, 200, `${stream ? 'stream' : 'non-stream'} calls: ${res.text}`);
      const up = fake().last((r) => r.model === 'scenario-normal-signed' && JSON.stringify(r.body.contents).includes(question));
      assert.deepEqual(up.body.contents[1].parts.filter((p) => p.functionCall).map((p) => p.thoughtSignature), [signatureOf(0), signatureOf(1)]);
    }
  });

  test('upstream errors keep their status, OpenAI-shaped, with Google\'s message', async () => {
    const r429 = await ctx.chat(userChat('gemini-429', 'x'));
    assertError(r429, 429, '429');
    assert.equal(r429.headers['retry-after'], '7');
    const e400 = assertError(await ctx.chat(userChat('gemini-400', 'x')), 400, '400');
    assert.match(e400.message, /Fake Gemini says INVALID_ARGUMENT/);
    const r500 = await ctx.chat(userChat('gemini-500', 'x'));
    assert.ok(r500.status >= 500 && r500.status <= 599, `5xx: ${r500.status} ${r500.text}`);
  });

  test('in-stream error payload → SSE error event, no [DONE]', async () => {
    const r = await ctx.stream(userChat('gemini-stream-error', 'please fail after a few words'));
    const s = assertStreamFailed(r);
    assert.equal(s.text, 'Echo: please');
    assert.match(s.errors[0].message, /overloaded/i);
  });

  test('bare JSON error (no data: prefix) and a cut stream → SSE error event, no [DONE]', async () => {
    for (const m of ['gemini-stream-error-bare', 'gemini-cut']) {
      const r = await ctx.stream(userChat(m, 'please fail after a few words'));
      const s = assertStreamFailed(r);
      assert.equal(s.text, 'Echo: please', m);
    }
  });

  test('unsupported parameter → 400 naming it; drop_unsupported → 200 without it', async () => {
    const before = fake().requests.length;
    const e = assertError(await ctx.chat(userChat('gemini', 'biased', { logit_bias: { 50256: -100 } })), 400, 'logit_bias');
    assert.match(e.message, /logit_bias/);
    assert.equal(e.param, 'logit_bias');
    assert.equal(fake().requests.length, before, 'nothing reached Gemini');
    const res = await ctx.chat(userChat('gemini-lenient', 'biased leniently', { logit_bias: { 50256: -100 } }));
    assert.equal(res.status, 200, res.text);
    assert.ok(!JSON.stringify(upstreamFor('biased leniently').body).includes('50256'));
  });

  test('embeddings: batchEmbedContents, floats and base64, dimensions', async () => {
    const res = await ctx.post('/v1/embeddings', { model: 'gemini-embed', input: ['alpha', 'beta'], encoding_format: 'float' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.object, 'list');
    assert.equal(res.json.model, 'gemini-embed');
    assert.deepEqual(res.json.data.map((d) => [d.object, d.index]), [['embedding', 0], ['embedding', 1]]);
    // Gemini's values are float32: the gateway may print them shortest-float32 (-0.394 for
    // -0.39399999380111694); equal at float32 precision is what counts.
    const f32 = (v) => v.map((x) => Math.fround(x));
    assert.deepEqual(f32(res.json.data[0].embedding), fakeEmbedding('alpha'));
    assert.deepEqual(f32(res.json.data[1].embedding), fakeEmbedding('beta'));
    const up = fake().last((r) => r.rpc === 'batchEmbedContents');
    assert.equal(up.path, '/v1beta/models/text-embedding-004:batchEmbedContents');
    assert.deepEqual(up.body.requests.map((q) => [q.model, partsText(q.content.parts)]), [['models/text-embedding-004', 'alpha'], ['models/text-embedding-004', 'beta']]);
    const b64 = await ctx.post('/v1/embeddings', { model: 'gemini-embed', input: 'gamma', encoding_format: 'base64', dimensions: 4 });
    assert.equal(b64.status, 200, b64.text);
    assert.equal(b64.json.data[0].embedding, embeddingToBase64(fakeEmbedding('gamma', 4)));
    assert.equal(fake().last((r) => r.rpc === 'batchEmbedContents').body.requests[0].outputDimensionality, 4);
  });

  test('Vertex AI form: project/location path, Bearer token, stream and not', async () => {
    const res = await ctx.chat(userChat('vertex', 'hello vertex'));
    assert.equal(assertCompletion(res, 'vertex').message.content, 'Echo: hello vertex');
    const up = upstreamFor('hello vertex');
    assert.equal(up.path, '/v1/projects/test-project/locations/us-central1/publishers/google/models/scenario-normal:generateContent');
    assert.equal(up.headers.authorization, `Bearer ${ctx.secrets.providerKey}`);
    assert.equal(up.headers['x-goog-api-key'], undefined);
    const r = await ctx.stream(userChat('vertex', 'stream vertex please'));
    assert.equal(assertCleanStream(r, 'vertex').text, 'Echo: stream vertex please');
    assert.equal(upstreamFor('stream vertex please').path,
      '/v1/projects/test-project/locations/us-central1/publishers/google/models/scenario-normal:streamGenerateContent');
  });
});
