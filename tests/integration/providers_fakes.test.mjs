// Self-checks of the provider fakes, without the gateway: if these fail, the provider suites
// that rely on the fakes mean nothing. Official SDKs judge the wire formats where one exists
// (@anthropic-ai/sdk for Anthropic, openai's AzureOpenAI for Azure); the SigV4 verifier and the
// eventstream encoder are checked against the published vectors of providers.md §5.3/§5.4.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { AzureOpenAI } from 'openai';

import { decodeMessages, encodeMessage, eventFrame } from '../support/eventstream.mjs';
import { TOOL_CALLS } from '../support/fake_base.mjs';
import { startFakeAnthropic } from '../support/fake_anthropic.mjs';
import { startFakeAzure } from '../support/fake_azure.mjs';
import { startFakeBedrock } from '../support/fake_bedrock.mjs';
import { startFakeGemini } from '../support/fake_gemini.mjs';
import { SseParser, request } from '../support/http.mjs';
import { sign, verify } from '../support/sigv4.mjs';

const KEY = 'fake-provider-key';
const AWS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('provider fakes (self-checks)', { timeout: 30000 }, () => {
  const fakes = {};
  before(async () => {
    fakes.anthropic = await startFakeAnthropic({ apiKey: KEY });
    fakes.gemini = await startFakeGemini({ apiKey: KEY });
    fakes.azure = await startFakeAzure({ apiKey: KEY });
    fakes.bedrock = await startFakeBedrock({ credentials: { ...AWS, sessionToken: 'tok' }, region: 'us-east-1' });
  });
  after(async () => {
    for (const f of Object.values(fakes)) await f.close();
  });

  test('anthropic: the official SDK reads answers, streams, tool input fragments and errors', async () => {
    const client = new Anthropic({ baseURL: fakes.anthropic.baseUrl, apiKey: KEY, maxRetries: 0 });
    const msg = await client.messages.create({ model: 'scenario-normal', max_tokens: 64, messages: [{ role: 'user', content: 'hi there' }] });
    assert.equal(msg.content[0].text, 'Echo: hi there');
    assert.equal(msg.usage.cache_read_input_tokens, 11);
    const stream = client.messages.stream({ model: 'scenario-tools', max_tokens: 64, tools: [{ name: 'get_weather', input_schema: { type: 'object' } }], messages: [{ role: 'user', content: 'tools' }] });
    const final = await stream.finalMessage();
    assert.deepEqual(final.content.filter((b) => b.type === 'tool_use').map((b) => b.input), TOOL_CALLS.map((c) => c.input));
    assert.equal(final.stop_reason, 'tool_use');
    await assert.rejects(client.messages.create({ model: 'scenario-status-429', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
      (e) => e instanceof Anthropic.RateLimitError && e.headers.get('retry-after') === '7');
    const failing = client.messages.stream({ model: 'scenario-stream-error', max_tokens: 64, messages: [{ role: 'user', content: 'one two three four' }] });
    await assert.rejects(failing.finalMessage(), (e) => /Overloaded/.test(e.message));
    await assert.rejects(client.messages.create({ model: 'scenario-normal', max_tokens: 5, n: 2, messages: [{ role: 'user', content: 'x' }] }),
      (e) => e.status === 400 && /n: Extra inputs/.test(e.message));
    await assert.rejects(client.messages.create({ model: 'scenario-normal', max_tokens: 5, messages: [{ role: 'assistant', content: 'x' }] }),
      (e) => e.status === 400 && /alternate/.test(e.message));
    const bad = new Anthropic({ baseURL: fakes.anthropic.baseUrl, apiKey: 'wrong', maxRetries: 0 });
    await assert.rejects(bad.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }), Anthropic.AuthenticationError);
  });

  test('gemini: JSON answer, SSE stream (LF and CRLF) ending with finishReason, errors', async () => {
    const post = (path, body, headers = { 'x-goog-api-key': KEY }) => request(fakes.gemini.port, { method: 'POST', path, body, headers });
    const body = { contents: [{ role: 'user', parts: [{ text: 'one two three' }] }] };
    const res = await post('/v1beta/models/scenario-normal:generateContent', body);
    assert.equal(res.json.candidates[0].content.parts[0].text, 'Echo: one two three');
    assert.equal(res.json.usageMetadata.thoughtsTokenCount, 5);
    for (const [m, sep] of [['scenario-normal', '\n\n'], ['scenario-crlf', '\r\n\r\n']]) {
      const s = await post(`/v1beta/models/${m}:streamGenerateContent?alt=sse`, body);
      assert.ok(s.text.includes(`}${sep}data:`), `${m} uses ${JSON.stringify(sep)}`);
      const events = new SseParser().push(s.text).map((e) => JSON.parse(e.data));
      assert.equal(events.map((e) => e.candidates[0].content.parts[0].text).join(''), 'Echo: one two three');
      assert.equal(events.at(-1).candidates[0].finishReason, 'STOP');
    }
    assert.equal((await post('/v1beta/models/m:generateContent', body, { 'x-goog-api-key': 'wrong' })).json.error.status, 'INVALID_ARGUMENT');
    assert.match((await post('/v1beta/models/m:generateContent', { ...body, stream_options: {} })).json.error.message, /Unknown name "stream_options"/);
    const bare = await post('/v1beta/models/scenario-stream-error-bare:streamGenerateContent?alt=sse', body);
    assert.match(bare.text, /\n\{"error":\{"code":503/);
    const vertexPath = '/v1/projects/test-project/locations/us-central1/publishers/google/models/scenario-normal:generateContent';
    assert.equal((await post(vertexPath, body, { authorization: `Bearer ${KEY}` })).status, 200);
    assert.equal((await post(vertexPath, body)).status, 401);
  });

  test('azure: the openai SDK\'s AzureOpenAI client reads answers, streams and tool calls', async () => {
    const client = new AzureOpenAI({ endpoint: fakes.azure.baseUrl, apiKey: KEY, apiVersion: '2024-10-21', deployment: 'scenario-normal', maxRetries: 0 });
    const res = await client.chat.completions.create({ model: 'ignored', messages: [{ role: 'user', content: 'hi azure' }] });
    assert.equal(res.choices[0].message.content, 'Echo: hi azure');
    assert.ok(res.prompt_filter_results);
    const tools = new AzureOpenAI({ endpoint: fakes.azure.baseUrl, apiKey: KEY, apiVersion: '2024-10-21', deployment: 'scenario-tools', maxRetries: 0 });
    const stream = await tools.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 't' }], stream: true });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    assert.deepEqual(chunks[0].choices, [], 'first chunk is the filter-only one');
    const args = [[], []];
    for (const c of chunks) for (const tc of c.choices[0]?.delta?.tool_calls ?? []) args[tc.index].push(tc.function.arguments ?? '');
    assert.deepEqual(args.map((a) => JSON.parse(a.join(''))), TOOL_CALLS.map((c) => c.input));
    const wrongVersion = new AzureOpenAI({ endpoint: fakes.azure.baseUrl, apiKey: KEY, apiVersion: '2023-01-01', deployment: 'd', maxRetries: 0 });
    await assert.rejects(wrongVersion.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 't' }] }), (e) => e.status === 404);
  });

  test('sigv4: signer reproduces the AWS suite and the Bedrock-shaped vector; verifier agrees', () => {
    const base = { ...AWS, region: 'us-east-1', amzDate: '20150830T123600Z' };
    const host = [['Host', 'example.amazonaws.com'], ['X-Amz-Date', '20150830T123600Z']];
    assert.equal(sign({ ...base, service: 'service', method: 'GET', rawPath: '/', headers: host, body: '' }).signature,
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    assert.equal(sign({ ...base, service: 'service', method: 'GET', rawPath: '/', rawQuery: 'Param2=value2&Param1=value1', headers: host, body: '' }).signature,
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
    assert.equal(sign({ ...base, service: 'service', method: 'GET', rawPath: '/', body: '',
      headers: [...host, ['X-Amz-Security-Token', '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267']] }).signature,
    '07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8');
    const body = '{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":64}}';
    const path = '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse';
    const headers = [['Content-Type', 'application/json'], ['Host', 'bedrock-runtime.us-east-1.amazonaws.com'], ['X-Amz-Date', '20150830T123600Z']];
    const signed = sign({ ...base, service: 'bedrock', method: 'POST', rawPath: path, headers, body });
    assert.equal(signed.signature, '4e695fb0b2a4354d996741d54fc5502cf897a33edb0f41a5a880045bb55a5eca');
    assert.ok(signed.canonical.includes('/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse'));
    const rawHeaders = [...headers.flat(), 'Authorization', signed.authorization];
    const now = Date.UTC(2015, 7, 30, 12, 40);
    const check = (over) => verify({ method: 'POST', url: path, rawHeaders, body: Buffer.from(body), credentials: AWS, region: 'us-east-1', now, ...over });
    assert.equal(check({}), null);
    assert.equal(check({ body: Buffer.from(`${body} `) }).type, 'InvalidSignatureException');
    assert.equal(check({ url: path.replace('%3A', ':') }).type, 'InvalidSignatureException', 'single-encoded path signs differently');
    assert.equal(check({ credentials: { ...AWS, secretAccessKey: 'other' } }).type, 'InvalidSignatureException');
    assert.equal(check({ credentials: { ...AWS, accessKeyId: 'AKIDOTHER' } }).type, 'UnrecognizedClientException');
    assert.equal(check({ now: now + 20 * 60 * 1000 }).message, 'Signature expired');
    assert.equal(check({ region: 'eu-west-1' }).status, 403);
  });

  test('eventstream: encoder reproduces botocore vectors; fake bedrock streams valid frames once signed', async () => {
    assert.equal(encodeMessage({}).toString('hex'), '000000100000000005c248eb7d98c8ff');
    assert.equal(encodeMessage({}, "{'foo':'bar'}").toString('hex'), '0000001d00000000fd528c5a7b27666f6f273a27626172277dc3653936');
    const frame = eventFrame('contentBlockDelta', '{"contentBlockIndex":0,"delta":{"text":"Hi"}}');
    assert.equal(frame.length, 148);
    assert.equal(frame.readUInt32BE(8), 0xb4ab9aee);
    assert.equal(frame.readUInt32BE(144), 0x1f944657);

    const port = fakes.bedrock.port;
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'one two three' }] }] });
    const path = '/model/scenario-tools/converse-stream';
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const headers = [['content-type', 'application/json'], ['host', `127.0.0.1:${port}`], ['x-amz-date', amzDate], ['x-amz-security-token', 'tok']];
    const { authorization } = sign({ ...AWS, region: 'us-east-1', service: 'bedrock', amzDate, method: 'POST', rawPath: path, headers, body });
    const http = await import('node:http');
    const bytes = await new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...Object.fromEntries(headers), authorization, 'content-length': body.length } }, (res) => {
        const parts = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], buf: Buffer.concat(parts) }));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(bytes.status, 200, bytes.buf.toString());
    assert.equal(bytes.type, 'application/vnd.amazon.eventstream');
    const events = decodeMessages(bytes.buf).map((m) => [m.headers[':event-type'], JSON.parse(m.payload)]);
    assert.equal(events[0][0], 'messageStart');
    assert.deepEqual(events.slice(-2).map((e) => e[0]), ['messageStop', 'metadata']);
    const input = events.filter(([t, p]) => t === 'contentBlockDelta' && p.delta.toolUse).map(([, p]) => p.delta.toolUse.input).join('');
    assert.equal(input, TOOL_CALLS.map((c) => c.fragments.join('')).join(''));
    const unsigned = await request(port, { method: 'POST', path, body });
    assert.equal(unsigned.status, 403);
    assert.match(unsigned.headers['x-amzn-errortype'], /^MissingAuthenticationTokenException:/);
  });
});
