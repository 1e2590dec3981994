// Process lifecycle: CLI flags, config checking, disabled providers, SIGTERM drain.

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';

import { closedPort, startFakeOpenAI } from '../support/fake_openai.mjs';
import {
  assertNoSecrets, makeSecrets, runCli, secretEnv, startGateway, testConfig, writeConfig,
} from '../support/gateway.mjs';
import { chatBody } from '../support/harness.mjs';
import { connectRefused, openStream, request, streamedText, withTimeout } from '../support/http.mjs';

describe('CLI', { timeout: 30000 }, () => {
  const secrets = makeSecrets();
  const files = [];
  after(() => files.forEach((f) => f.cleanup()));
  const file = (cfg) => {
    const f = writeConfig(cfg);
    files.push(f);
    return f.file;
  };

  test('--version and --help exit 0', async () => {
    const v = await runCli(['--version']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout + v.stderr, /\d+\.\d+/);
    const h = await runCli(['--help']);
    assert.equal(h.code, 0, h.stderr);
    assert.match(h.stdout + h.stderr, /--config/);
    assert.match(h.stdout + h.stderr, /--check-config/);
  });

  test('unknown flag exits non-zero', async () => {
    const r = await runCli(['--no-such-flag']);
    assert.notEqual(r.code, 0);
  });

  test('--check-config prints the effective config with every secret redacted', async () => {
    const cfg = testConfig({ fakePort: 9, refusedPort: 9 });
    cfg.keys.push({ id: 'literal', secret: 'literal-client-secret-value-9f8e7d' });
    cfg.providers.push({ name: 'literal-provider', kind: 'openai', base_url: 'https://api.example.invalid/v1', api_key: 'sk-literal-provider-secret-1a2b3c' });
    const path = file(cfg);
    const r = await runCli(['--check-config', path], { env: secretEnv(secrets) });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const out = r.stdout + r.stderr;
    assert.match(r.stdout, /fake-strict/, 'prints the effective config');
    assert.match(r.stdout, /gpt-test/);
    assertNoSecrets(out, { ...secrets, lit1: 'literal-client-secret-value-9f8e7d', lit2: 'sk-literal-provider-secret-1a2b3c' }, '--check-config output');
  });

  test('--check-config on an invalid file: non-zero, every error with file:line', async () => {
    const yaml = [
      'server:', //                                 1
      '  listen: "127.0.0.1:0"', //                 2
      '  bogus_key: 1', //                          3
      '  timeouts:', //                             4
      '    drain: 30', //                           5 bare number: error
      'providers:', //                              6
      '  - name: p', //                             7
      '    kind: openai_compatible', //             8
      '    base_url: http://127.0.0.1:1/v1', //     9
      'models:', //                                 10
      '  - name: m', //                             11
      '    deployments:', //                        12
      '      - provider: nope', //                  13
      '        model: x', //                        14
      '',
    ].join('\n');
    const path = file(yaml);
    const r = await runCli(['--check-config', path]);
    assert.notEqual(r.code, 0);
    const out = r.stdout + r.stderr;
    assert.ok(out.includes(`${path}:3`), `bogus_key reported at ${path}:3\n${out}`);
    assert.ok(out.includes(`${path}:5`), `bare-number duration reported at ${path}:5\n${out}`);
    assert.ok(out.includes(`${path}:13`), `unknown provider reported at ${path}:13\n${out}`);
    assert.match(out, /bogus_key/);
    assert.match(out, /nope/);
  });

  test('--check-config on broken YAML and on a missing file: non-zero, names the file', async () => {
    const path = file('server:\n  listen: [unclosed\n');
    const r = await runCli(['--check-config', path]);
    assert.notEqual(r.code, 0);
    assert.ok((r.stdout + r.stderr).includes(path));
    const m = await runCli(['--check-config', '/nonexistent/llmgw.yaml']);
    assert.notEqual(m.code, 0);
    assert.ok((m.stdout + m.stderr).includes('/nonexistent/llmgw.yaml'));
  });

  test('starting with an invalid config exits non-zero at once', async () => {
    const path = file('server:\n  nonsense: true\n');
    const r = await runCli(['--config', path], { timeoutMs: 5000 });
    assert.notEqual(r.code, 0);
    assert.equal(r.signal, null);
  });
});

describe('disabled provider', { timeout: 30000 }, () => {
  let gw;
  let fake;
  const secrets = makeSecrets();
  before(async () => {
    fake = await startFakeOpenAI();
    const config = testConfig({ fakePort: fake.port, refusedPort: await closedPort() });
    config.providers.push({ name: 'nokey', kind: 'openai', base_url: fake.baseUrl, api_key: '${LLMGW_TEST_SURELY_UNSET_VAR}' });
    config.models.push({ name: 'needs-key', deployments: [{ provider: 'nokey', model: 'scenario-normal' }] });
    const env = secretEnv(secrets);
    delete process.env.LLMGW_TEST_SURELY_UNSET_VAR;
    gw = await startGateway({ config, env });
  });
  after(async () => {
    await gw?.kill();
    await fake?.close();
  });

  test('is logged by variable name, its model stays listed and answers 503', async () => {
    assert.ok(gw.stderrLines.some((l) => l.includes('LLMGW_TEST_SURELY_UNSET_VAR')), gw.output());
    const list = await request(gw.port, { path: '/v1/models', headers: { authorization: `Bearer ${secrets.clientKeyA}` } });
    assert.ok(list.json.data.some((m) => m.id === 'needs-key'));
    const res = await request(gw.port, {
      method: 'POST', path: '/v1/chat/completions', body: chatBody('needs-key'), headers: { authorization: `Bearer ${secrets.clientKeyA}` },
    });
    assert.equal(res.status, 503, res.text);
    assert.ok(res.json?.error);
    assert.equal(fake.requests.length, 0, 'nothing sent upstream');
    const ok = await request(gw.port, {
      method: 'POST', path: '/v1/chat/completions', body: chatBody('gpt-test'), headers: { authorization: `Bearer ${secrets.clientKeyA}` },
    });
    assert.equal(ok.status, 200, ok.text);
  });
});

describe('SIGTERM', { timeout: 60000 }, () => {
  const secrets = makeSecrets();
  let fake;
  const gateways = [];
  before(async () => {
    fake = await startFakeOpenAI();
  });
  after(async () => {
    for (const gw of gateways) await gw.kill();
    await fake?.close();
  });
  const start = async (drain) => {
    const config = testConfig({ fakePort: fake.port, refusedPort: await closedPort(), server: { timeouts: { drain } } });
    const gw = await startGateway({ config, env: secretEnv(secrets) });
    gateways.push(gw);
    return gw;
  };
  const auth = { authorization: `Bearer ${secrets.clientKeyA}` };

  test('an in-flight stream finishes (drain), new connections are refused, exit 0', async () => {
    const gw = await start('10s');
    const s = openStream(gw.port, { body: chatBody('gated', 'drain me please', { stream: true }), headers: auth });
    await s.next(5000);
    const up = await fake.waitForRequest((r) => r.body?.messages?.[0]?.content === 'drain me please');
    gw.proc.kill('SIGTERM');
    // Stops accepting soon after the signal.
    const deadline = performance.now() + 3000;
    let refused = false;
    while (!refused && performance.now() < deadline) {
      refused = await connectRefused(gw.port, 500);
      if (!refused) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(refused, 'listener closed after SIGTERM');
    assert.equal(gw.exitInfo, null, 'still running while a stream is in flight');
    up.release();
    const { events, endedCleanly } = await withTimeout(s.done, 5000, 'drained stream');
    assert.ok(endedCleanly);
    assert.equal(events.at(-1).data, '[DONE]');
    assert.equal(streamedText(events), 'Echo: drain me please');
    const exit = await withTimeout(gw.exited, 5000, 'exit after drain');
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, gw.output());
    assertNoSecrets(gw.output(), secrets, 'gateway output');
  });

  test('a stream that outlives the drain deadline is cut and the process still exits 0', async () => {
    const gw = await start('1s');
    const s = openStream(gw.port, { body: chatBody('gated', 'never released', { stream: true }), headers: auth });
    await s.next(5000);
    const t0 = performance.now();
    gw.proc.kill('SIGTERM');
    const exit = await withTimeout(gw.exited, 6000, 'exit after drain deadline');
    const ms = performance.now() - t0;
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, gw.output());
    assert.ok(ms >= 900 && ms < 4000, `exit ${ms.toFixed(0)} ms after SIGTERM with a 1s drain`);
    const { events } = await withTimeout(s.done, 3000, 'client stream end');
    assert.ok(!events.some((e) => e.data === '[DONE]'));
  });

  test('an idle gateway exits 0 promptly', async () => {
    const gw = await start('10s');
    const res = await request(gw.port, { method: 'POST', path: '/v1/chat/completions', body: chatBody('gpt-test'), headers: auth });
    assert.equal(res.status, 200);
    const t0 = performance.now();
    const exit = await gw.stop(5000);
    assert.equal(exit.code, 0);
    assert.ok(performance.now() - t0 < 2000, 'idle exit without waiting for the drain deadline');
  });
});
