// The official `openai` SDK against llmgw models backed by each translating provider
// (Anthropic, Gemini, Azure OpenAI, Bedrock — all fakes): chat, streaming, the stream helper's
// finalChatCompletion with tool calls, a tool-call round trip, typed errors.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import OpenAI from 'openai';

import { TOOL_CALLS } from '../support/fake_base.mjs';
import { startFakeAnthropic } from '../support/fake_anthropic.mjs';
import { startFakeAzure } from '../support/fake_azure.mjs';
import { startFakeBedrock } from '../support/fake_bedrock.mjs';
import { startFakeGemini } from '../support/fake_gemini.mjs';
import { TIMEOUTS, TOOLS, TOOL_RESULTS, model, useProviderGateway } from '../support/provider_harness.mjs';

const PROVIDERS = ['anthropic', 'gemini', 'azure', 'bedrock'];

describe('openai SDK through llmgw, translated providers', { timeout: 90000 }, () => {
  const ctx = useProviderGateway(async (secrets) => {
    const anthropic = await startFakeAnthropic({ apiKey: secrets.providerKey });
    const gemini = await startFakeGemini({ apiKey: secrets.providerKey });
    const azure = await startFakeAzure({ apiKey: secrets.providerKey });
    const bedrock = await startFakeBedrock({
      region: 'us-west-2',
      credentials: { accessKeyId: secrets.awsAccessKeyId, secretAccessKey: secrets.awsSecretAccessKey },
    });
    const key = { api_key: '${LLMGW_TEST_PROVIDER_KEY}', timeouts: TIMEOUTS };
    const providers = [
      { name: 'anthropic', kind: 'anthropic', base_url: anthropic.baseUrl, ...key },
      { name: 'gemini', kind: 'gemini', base_url: gemini.baseUrl, ...key },
      { name: 'azure', kind: 'azure_openai', base_url: azure.baseUrl, ...key, azure: { api_version: '2024-10-21' } },
      { name: 'bedrock', kind: 'bedrock', base_url: bedrock.baseUrl, timeouts: TIMEOUTS,
        bedrock: { region: 'us-west-2', access_key_id: '${LLMGW_TEST_AWS_AK}', secret_access_key: '${LLMGW_TEST_AWS_SK}' } },
    ];
    const models = PROVIDERS.flatMap((p) => [
      model(`${p}-chat`, p, 'scenario-normal'),
      model(`${p}-tools`, p, 'scenario-tools'),
      model(`${p}-limited`, p, 'scenario-status-429'),
      model(`${p}-broken-stream`, p, 'scenario-stream-error'),
    ]);
    return { fakes: { anthropic, gemini, azure, bedrock }, providers, models };
  });
  const client = () => new OpenAI({ baseURL: `http://127.0.0.1:${ctx.gw.port}/v1`, apiKey: ctx.secrets.clientKeyA, maxRetries: 0, timeout: 10000 });
  const messages = (content) => [{ role: 'user', content }];

  for (const p of PROVIDERS) {
    test(`${p}: chat.completions.create`, async () => {
      const res = await client().chat.completions.create({ model: `${p}-chat`, messages: messages(`sdk hello ${p}`) });
      assert.equal(res.choices[0].message.content, `Echo: sdk hello ${p}`);
      assert.equal(res.choices[0].finish_reason, 'stop');
      assert.equal(res.usage.total_tokens, res.usage.prompt_tokens + res.usage.completion_tokens);
      assert.ok(res.usage.completion_tokens > 0);
    });

    test(`${p}: streaming with include_usage`, async () => {
      const stream = await client().chat.completions.create({
        model: `${p}-chat`, messages: messages(`stream hello ${p} friend`), stream: true, stream_options: { include_usage: true },
      });
      let text = '';
      const usages = [];
      const finishes = [];
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.choices[0]?.finish_reason) finishes.push(chunk.choices[0].finish_reason);
        if (chunk.usage) usages.push(chunk.usage);
      }
      assert.equal(text, `Echo: stream hello ${p} friend`);
      assert.deepEqual(finishes, ['stop']);
      assert.equal(usages.length, 1);
      assert.equal(usages[0].total_tokens, usages[0].prompt_tokens + usages[0].completion_tokens);
    });

    test(`${p}: stream helper assembles two tool calls; the round trip answers with the results`, async () => {
      const runner = client().chat.completions.stream({ model: `${p}-tools`, messages: messages('weather and time in Oslo?'), tools: TOOLS });
      const final = await runner.finalChatCompletion();
      const msg = final.choices[0].message;
      assert.equal(final.choices[0].finish_reason, 'tool_calls');
      assert.deepEqual(msg.tool_calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)]), TOOL_CALLS.map((c) => [c.name, c.input]));
      assert.equal(new Set(msg.tool_calls.map((c) => c.id)).size, 2, 'distinct tool call ids');
      const next = await client().chat.completions.create({
        model: `${p}-chat`,
        tools: TOOLS,
        messages: [...messages('weather and time in Oslo?'), msg,
          ...msg.tool_calls.map((c, i) => ({ role: 'tool', tool_call_id: c.id, content: TOOL_RESULTS[i] }))],
      });
      assert.equal(next.choices[0].message.content, `Results: ${TOOL_RESULTS.join('; ')}`);
    });

    test(`${p}: upstream 429 → RateLimitError; in-stream failure raises from the iterator`, async () => {
      await assert.rejects(client().chat.completions.create({ model: `${p}-limited`, messages: messages('x') }),
        (e) => e instanceof OpenAI.RateLimitError && e.status === 429);
      const stream = await client().chat.completions.create({ model: `${p}-broken-stream`, messages: messages('please fail after a few words'), stream: true });
      let text = '';
      await assert.rejects((async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      })(), (e) => e instanceof OpenAI.APIError);
      assert.equal(text, 'Echo: please');
    });
  }
});
