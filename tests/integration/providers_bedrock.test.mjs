// OpenAI clients → llmgw → AWS Bedrock Converse (the fake, which checks every SigV4 signature
// like AWS): signed requests (model id with ':' double-encoded in the canonical URI, session
// token), translated bodies, OpenAI answers with exact usage, eventstream decoding, tool calls,
// errors (incl. 403 for wrong credentials), exception frames, truncated frames.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { TOOL_CALLS, TOOL_PREAMBLE } from '../support/fake_base.mjs';
import { CACHE_READ_TOKENS, expectedOpenAIUsage, startFakeBedrock } from '../support/fake_bedrock.mjs';
import { assertNoSecrets } from '../support/gateway.mjs';
import {
  TIMEOUTS, TOOLS, TOOL_RESULTS, assertCleanStream, assertCompletion, assertError, assertStreamFailed, model, toolFollowUp,
  useProviderGateway, usageOf, userChat,
} from '../support/provider_harness.mjs';

const REGION = 'eu-north-1';
const textOf = (content) => content.filter((b) => typeof b.text === 'string').map((b) => b.text).join('');

describe('provider bedrock (OpenAI endpoint)', { timeout: 60000 }, () => {
  const ctx = useProviderGateway(async (secrets) => {
    const bedrock = await startFakeBedrock({
      region: REGION,
      credentials: { accessKeyId: secrets.awsAccessKeyId, secretAccessKey: secrets.awsSecretAccessKey, sessionToken: secrets.awsSessionToken },
    });
    const creds = { access_key_id: '${LLMGW_TEST_AWS_AK}', session_token: '${LLMGW_TEST_AWS_TOKEN}' };
    return {
      fakes: { bedrock },
      providers: [
        { name: 'bed', kind: 'bedrock', base_url: bedrock.baseUrl, timeouts: TIMEOUTS,
          bedrock: { region: REGION, ...creds, secret_access_key: '${LLMGW_TEST_AWS_SK}' } },
        { name: 'bed-wrong', kind: 'bedrock', base_url: bedrock.baseUrl, timeouts: TIMEOUTS,
          bedrock: { region: REGION, ...creds, secret_access_key: '${LLMGW_TEST_AWS_WRONG_SK}' } },
      ],
      models: [
        model('bedrock', 'bed', 'scenario-normal-v1:0'),
        model('bedrock-tools', 'bed', 'scenario-tools'),
        model('bedrock-cache', 'bed', 'scenario-cache'),
        model('bedrock-429', 'bed', 'scenario-status-429'),
        model('bedrock-400', 'bed', 'scenario-status-400'),
        model('bedrock-500', 'bed', 'scenario-status-500'),
        model('bedrock-stream-error', 'bed', 'scenario-stream-error'),
        model('bedrock-cut', 'bed', 'scenario-cut'),
        model('bedrock-lenient', 'bed', 'scenario-normal', { drop_unsupported: true }),
        model('bedrock-wrong-creds', 'bed-wrong', 'scenario-normal'),
        model('bedrock-arn', 'bed', `arn:aws:bedrock:${REGION}:123456789012:inference-profile/eu.scenario-normal-x`),
      ],
    };
  });
  const fake = () => ctx.fakes.bedrock;
  const upstreamFor = (text) => fake().last((r) => JSON.stringify(r.body?.messages ?? '').includes(text));

  test('non-stream chat: signed request to the encoded model path, translated body, exact usage', async () => {
    const res = await ctx.chat({
      model: 'bedrock',
      messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'hello bedrock' }],
      max_tokens: 100, stop: ['END'], temperature: 0.5, top_p: 0.9,
    });
    const choice = assertCompletion(res, 'bedrock');
    assert.equal(choice.message.content, 'Echo: hello bedrock');
    assert.equal(choice.finish_reason, 'stop');
    const up = upstreamFor('hello bedrock');
    assert.equal(up.signatureError, null, 'the fake accepted the signature');
    assert.equal(up.path, '/model/scenario-normal-v1%3A0/converse', 'model id percent-encoded in the path');
    assert.match(up.headers.authorization, new RegExp(`^AWS4-HMAC-SHA256 Credential=${ctx.secrets.awsAccessKeyId}/\\d{8}/${REGION}/bedrock/aws4_request, `));
    assert.match(up.headers['x-amz-date'], /^\d{8}T\d{6}Z$/);
    assert.equal(up.headers['x-amz-security-token'], ctx.secrets.awsSessionToken);
    assert.deepEqual(up.body.system, [{ text: 'Be terse.' }]);
    assert.deepEqual(up.body.messages, [{ role: 'user', content: [{ text: 'hello bedrock' }] }]);
    assert.deepEqual(up.body.inferenceConfig, { maxTokens: 100, stopSequences: ['END'], temperature: 0.5, topP: 0.9 });
    assert.deepEqual(usageOf(res.json.usage), expectedOpenAIUsage(up.usage));
  });

  test('an inference-profile ARN as model id: \':\' and \'/\' encoded in one path segment, signature valid', async () => {
    for (const stream of [false, true]) {
      const text = `arn model ${stream ? 'streamed' : 'plain'} words`;
      const r = stream ? await ctx.stream(userChat('bedrock-arn', text)) : await ctx.chat(userChat('bedrock-arn', text));
      assert.equal(r.status, 200, r.text ?? r.raw);
      const up = upstreamFor(text);
      assert.equal(up.signatureError, null);
      assert.equal(up.path, `/model/arn%3Aaws%3Abedrock%3A${REGION}%3A123456789012%3Ainference-profile%2Feu.scenario-normal-x/${stream ? 'converse-stream' : 'converse'}`);
    }
  });

  test('stream with include_usage: eventstream frames decoded, usage from metadata after messageStop', async () => {
    const r = await ctx.stream(userChat('bedrock', 'stream bedrock words', { stream_options: { include_usage: true } }));
    const s = assertCleanStream(r, 'bedrock');
    assert.equal(s.text, 'Echo: stream bedrock words');
    assert.deepEqual(s.finish, ['stop']);
    assert.equal(s.usage.length, 1);
    const up = upstreamFor('stream bedrock words');
    assert.equal(up.signatureError, null);
    assert.equal(up.path, '/model/scenario-normal-v1%3A0/converse-stream');
    assert.deepEqual(usageOf(s.usage[0]), expectedOpenAIUsage(up.usage));
  });

  test('cache read/write tokens are counted in prompt_tokens, cached_tokens = cache read', async () => {
    const res = await ctx.chat(userChat('bedrock-cache', 'cache me'));
    const up = upstreamFor('cache me');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(usageOf(res.json.usage), expectedOpenAIUsage(up.usage));
    assert.equal(res.json.usage.prompt_tokens_details?.cached_tokens, CACHE_READ_TOKENS);
    const r = await ctx.stream(userChat('bedrock-cache', 'cache me streaming', { stream_options: { include_usage: true } }));
    const s = assertCleanStream(r, 'bedrock-cache');
    assert.deepEqual(usageOf(s.usage[0]), expectedOpenAIUsage(upstreamFor('cache me streaming').usage));
  });

  test('tool calls (non-stream and stream): two calls with Bedrock ids, arguments intact', async () => {
    const res = await ctx.chat(userChat('bedrock-tools', 'bedrock tools?', { tools: TOOLS, tool_choice: 'required' }));
    const choice = assertCompletion(res, 'bedrock-tools');
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, TOOL_PREAMBLE);
    assert.deepEqual(choice.message.tool_calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]),
      TOOL_CALLS.map((c, i) => [`tooluse_fake_${i + 1}`, c.name, c.input]));
    const up = upstreamFor('bedrock tools?');
    assert.deepEqual(up.body.toolConfig.tools, TOOLS.map((t) => ({ toolSpec: { name: t.function.name, description: t.function.description, inputSchema: { json: t.function.parameters } } })));
    assert.deepEqual(up.body.toolConfig.toolChoice, { any: {} });
    const r = await ctx.stream(userChat('bedrock-tools', 'bedrock stream tools', { tools: TOOLS }));
    const s = assertCleanStream(r, 'bedrock-tools');
    assert.deepEqual(s.finish, ['tool_calls']);
    assert.deepEqual(s.calls.map((c) => [c.id, c.name, JSON.parse(c.arguments)]), TOOL_CALLS.map((c, i) => [`tooluse_fake_${i + 1}`, c.name, c.input]));
  });

  test('tool round trip: toolResult blocks in one user turn, toolConfig kept', async () => {
    const first = await ctx.chat(userChat('bedrock-tools', 'bedrock round trip', { tools: TOOLS }));
    const res = await ctx.chat(toolFollowUp('bedrock', 'bedrock round trip', first.json.choices[0].message.tool_calls));
    const choice = assertCompletion(res, 'bedrock');
    assert.equal(choice.message.content, `Results: ${TOOL_RESULTS.join('; ')}`);
    const up = fake().last((r) => r.body?.messages?.length === 3 && r.modelId === 'scenario-normal-v1:0');
    const [user, assistant, results] = up.body.messages;
    assert.equal(textOf(user.content), 'bedrock round trip');
    assert.deepEqual(assistant.content.filter((b) => b.toolUse).map((b) => b.toolUse),
      TOOL_CALLS.map((c, i) => ({ toolUseId: `tooluse_fake_${i + 1}`, name: c.name, input: c.input })));
    assert.equal(results.role, 'user');
    assert.deepEqual(results.content.map((b) => [b.toolResult?.toolUseId, textOf(b.toolResult?.content ?? [])]),
      TOOL_RESULTS.map((t, i) => [`tooluse_fake_${i + 1}`, t]));
    assert.ok(up.body.toolConfig, 'toolConfig sent with tool history');
  });

  test('upstream errors keep their status, OpenAI-shaped, with Bedrock\'s message', async () => {
    const r429 = await ctx.chat(userChat('bedrock-429', 'x'));
    assertError(r429, 429, '429');
    const e400 = assertError(await ctx.chat(userChat('bedrock-400', 'x')), 400, '400');
    assert.match(e400.message, /Fake Bedrock says ValidationException/);
    const r500 = await ctx.chat(userChat('bedrock-500', 'x'));
    assert.ok(r500.status >= 500 && r500.status <= 599, `5xx: ${r500.status} ${r500.text}`);
  });

  // The client is not at fault when the gateway's own credentials are wrong: like every adapter,
  // the upstream 403 becomes a 502 upstream_auth_error that names AWS's error type.
  test('wrong credentials: the fake rejects the signature (403), surfaced as 502 without secrets', async () => {
    const res = await ctx.chat(userChat('bedrock-wrong-creds', 'wrong signature'));
    const e = assertError(res, 502, 'wrong secret key');
    assert.equal(e.code, 'upstream_auth_error');
    assert.match(e.message, /403.*InvalidSignatureException/);
    const up = upstreamFor('wrong signature');
    assert.equal(up.signatureError?.type, 'InvalidSignatureException');
    assertNoSecrets(res.text, ctx.secrets, 'the error body');
    const s = await ctx.stream(userChat('bedrock-wrong-creds', 'wrong signature stream'));
    assert.equal(s.status, 502, s.raw);
    assertNoSecrets(s.raw, ctx.secrets, 'the streamed 403 error body');
  });

  test('exception frame inside the 200 stream → SSE error event, no [DONE]', async () => {
    const r = await ctx.stream(userChat('bedrock-stream-error', 'please fail after a few words'));
    const s = assertStreamFailed(r);
    assert.equal(s.text, 'Echo: please');
    assert.match(s.errors[0].message, /fake upstream error/);
  });

  test('a frame cut in half at the end of the body → SSE error event, no [DONE]', async () => {
    const r = await ctx.stream(userChat('bedrock-cut', 'please fail after a few words'));
    const s = assertStreamFailed(r);
    assert.equal(s.text, 'Echo: please');
  });

  test('unsupported parameter → 400 naming it; drop_unsupported → 200 without it', async () => {
    const before = fake().requests.length;
    const e = assertError(await ctx.chat(userChat('bedrock', 'seeded', { seed: 1 })), 400, 'seed');
    assert.match(e.message, /seed/);
    assert.equal(e.param, 'seed');
    assert.equal(fake().requests.length, before, 'nothing reached Bedrock');
    const res = await ctx.chat(userChat('bedrock-lenient', 'seeded leniently', { seed: 1 }));
    assert.equal(res.status, 200, res.text);
    const body = upstreamFor('seeded leniently').body;
    assert.ok(!('seed' in body) && !('seed' in (body.inferenceConfig ?? {})) && !('seed' in (body.additionalModelRequestFields ?? {})), JSON.stringify(body));
  });
});
