// Inbound TLS termination with a certificate generated at test time (verified for real by the
// client), and SIGHUP config reload: applied when valid, rejected without harm when not.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, describe, test } from 'node:test';

import { toYaml } from '../support/gateway.mjs';
import { assertOpenAIError, chatBody, useGateway } from '../support/harness.mjs';
import { openStream, request, sleep, streamedText, withTimeout } from '../support/http.mjs';
import { RawConnection } from '../support/raw_http.mjs';

const CHAT = '/v1/chat/completions';

/** A fresh self-signed P-256 certificate for localhost/127.0.0.1: {dir, certFile, keyFile, cert}. */
function makeSelfSignedCert(dir, name = 'server') {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 15000 });
  return { certFile, keyFile, cert: readFileSync(certFile) };
}

describe('inbound TLS', { timeout: 60000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llmgw-tls-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let cert;
  let config;
  const ctx = useGateway({
    configure(c) {
      cert = makeSelfSignedCert(dir);
      c.server.tls = { cert_file: cert.certFile, key_file: cert.keyFile };
      c.server.timeouts = { ...c.server.timeouts, header_read: '1s' };
      config = c;
    },
  });
  const tls = () => ({ ca: cert.cert });

  test('the api "listening" line says tls: true', () => {
    assert.equal(ctx.gw.listeners.api.tls, true, JSON.stringify(ctx.gw.listeners.api));
  });

  test('a non-stream chat completion over verified https', async () => {
    const res = await request(ctx.gw.port, {
      method: 'POST', path: CHAT, body: chatBody('gpt-test', 'hello over tls'), headers: ctx.auth(), tls: tls(),
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.choices[0].message.content, 'Echo: hello over tls');
    assert.equal(res.socket.encrypted, true);
    assert.equal(res.socket.getPeerCertificate().subject.CN, 'localhost');
  });

  test('a streamed chat completion over verified https', async () => {
    const s = openStream(ctx.gw.port, { body: chatBody('gpt-test', 'stream over tls', { stream: true }), headers: ctx.auth(), tls: tls() });
    const res = await withTimeout(s.response, 5000, 'tls stream response');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /text\/event-stream/);
    const { events, endedCleanly } = await withTimeout(s.done, 5000, 'tls stream end');
    assert.ok(endedCleanly, s.raw);
    assert.equal(events.at(-1).data, '[DONE]');
    assert.equal(streamedText(events), 'Echo: stream over tls');
  });

  test('without the CA the client refuses the certificate (verification is real)', async () => {
    await assert.rejects(
      request(ctx.gw.port, { path: '/healthz', tls: {}, timeoutMs: 5000 }),
      (e) => /self[- ]signed|unable to verify|DEPTH_ZERO_SELF_SIGNED_CERT/i.test(`${e.code} ${e.message}`),
    );
  });

  test('plain HTTP to the TLS port fails promptly, without an HTTP response', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`).catch(() => {});
      const ms = await conn.waitClosed(3000);
      assert.ok(ms < 3000, `closed after ${ms.toFixed(0)} ms`);
      assert.doesNotMatch(conn.received.toString('latin1'), /^HTTP\//, 'no plaintext HTTP answer on the TLS port');
    } finally {
      conn.destroy();
    }
  });

  test('a TCP connection that never starts the handshake is closed after header_read (1s)', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      const ms = await conn.waitClosed(3000);
      assert.ok(ms >= 900, `closed after ${ms.toFixed(0)} ms, before header_read`);
    } finally {
      conn.destroy();
    }
  });

  test('a reload that changes the TLS files warns and keeps serving the running certificate', async () => {
    const other = makeSelfSignedCert(dir, 'other');
    const from = ctx.gw.logs.length;
    const next = structuredClone(config);
    next.server.tls = { cert_file: other.certFile, key_file: other.keyFile };
    writeFileSync(ctx.gw.configFile, toYaml(next));
    ctx.gw.proc.kill('SIGHUP');
    await ctx.gw.waitForLog((j) => ctx.gw.logs.indexOf(j) >= from && /restart/.test(j.msg ?? ''), 5000);
    await ctx.gw.waitForLog((j) => ctx.gw.logs.indexOf(j) >= from && j.msg === 'config reloaded', 5000);
    const res = await request(ctx.gw.port, { path: '/healthz', tls: tls() });
    assert.equal(res.status, 200, res.text);
  });
});

describe('SIGHUP reload', { timeout: 60000 }, () => {
  let base;
  const ctx = useGateway({
    configure(c) {
      // Model A only; team-b may use model A.
      c.models = c.models.filter((m) => m.name === 'gpt-test');
      c.keys.find((k) => k.id === 'team-b').models = ['gpt-test'];
      base = structuredClone(c);
    },
  });

  /** Config with model B added and team-b switched from A to B. */
  function withModelB() {
    const c = structuredClone(base);
    c.models.push({ name: 'model-b', owned_by: 'llmgw-tests', created: 1700000001, deployments: [{ provider: 'fake', model: 'scenario-normal' }] });
    c.keys.find((k) => k.id === 'team-b').models = ['model-b'];
    return c;
  }

  /** Writes `text` as the config file, sends SIGHUP and waits for a log line matching `msg`. */
  async function reloadWith(text, msg) {
    const from = ctx.gw.logs.length;
    writeFileSync(ctx.gw.configFile, text);
    ctx.gw.proc.kill('SIGHUP');
    return ctx.gw.waitForLog((j) => ctx.gw.logs.indexOf(j) >= from && msg.test(j.msg ?? ''), 5000);
  }

  const modelIds = async (key) => {
    const res = await ctx.get('/v1/models', { key });
    assert.equal(res.status, 200, res.text);
    return res.json.data.map((m) => m.id).sort();
  };
  const chatStatus = async (model, key) => (await ctx.post(CHAT, chatBody(model, `to ${model}`), { key })).status;

  async function assertModelBServed(where) {
    assert.deepEqual(await modelIds(), ['gpt-test', 'model-b'], where);
    assert.deepEqual(await modelIds(ctx.secrets.clientKeyB), ['model-b'], where);
    const res = await ctx.post(CHAT, chatBody('model-b', `model b ${where}`));
    assert.equal(res.status, 200, `${where}: ${res.text}`);
    assert.equal(res.json.choices[0].message.content, `Echo: model b ${where}`);
    assert.equal(await chatStatus('model-b', ctx.secrets.clientKeyB), 200, where);
    assert.equal(await chatStatus('gpt-test', ctx.secrets.clientKeyB), 403, where);
    assert.equal(ctx.gw.exitInfo, null, `${where}: gateway still running`);
  }

  test('before the reload: only model A; team-b may use A', async () => {
    assert.deepEqual(await modelIds(), ['gpt-test']);
    assertOpenAIError(await ctx.post(CHAT, chatBody('model-b')), 404, { code: 'model_not_found' });
    assert.equal(await chatStatus('gpt-test', ctx.secrets.clientKeyB), 200);
  });

  test('a valid config + SIGHUP: model B appears, key allow-lists change', async () => {
    const from = ctx.gw.logs.length;
    writeFileSync(ctx.gw.configFile, toYaml(withModelB()));
    ctx.gw.proc.kill('SIGHUP');
    const deadline = performance.now() + 5000;
    while (!(await modelIds()).includes('model-b')) {
      assert.ok(performance.now() < deadline, `model-b not listed 5 s after SIGHUP\n${ctx.gw.output()}`);
      await sleep(25);
    }
    assert.ok(ctx.gw.logs.slice(from).some((j) => j.msg === 'config reloaded'), ctx.gw.output());
    await assertModelBServed('after reload');
    const up = await ctx.fake.waitForRequest((r) => r.body?.messages?.[0]?.content === 'model b after reload');
    assert.equal(up.body.model, 'scenario-normal');
  });

  test('an invalid config + SIGHUP is rejected: logged, previous config kept, never exits', async () => {
    const line = await reloadWith('server:\n  listen: "127.0.0.1:0"\n  nonsense: true\n', /config reload rejected/);
    assert.equal(line.level, 'error', JSON.stringify(line));
    assert.ok(JSON.stringify(line).includes(`${ctx.gw.configFile}:3`), `the rejection says file:line: ${JSON.stringify(line)}`);
    assert.match(JSON.stringify(line), /nonsense/, 'the rejection names the problem');
    assert.ok(ctx.gw.stderrLines.some((l) => l.includes('config reload rejected')));
    await assertModelBServed('after an invalid reload');
  });

  test('broken YAML and a missing file are rejected the same way', async () => {
    await reloadWith('models:\n  - name: [unclosed\n', /config reload rejected/);
    await assertModelBServed('after a broken-YAML reload');
    const from = ctx.gw.logs.length;
    unlinkSync(ctx.gw.configFile);
    ctx.gw.proc.kill('SIGHUP');
    await ctx.gw.waitForLog((j) => ctx.gw.logs.indexOf(j) >= from && /config reload rejected/.test(j.msg ?? ''), 5000);
    await assertModelBServed('after a missing-file reload');
  });

  test('after rejected reloads a valid one still applies (SIGHUP handler stays armed)', async () => {
    await reloadWith(toYaml(base), /^config reloaded$/);
    assert.deepEqual(await modelIds(), ['gpt-test']);
    assert.equal(await chatStatus('gpt-test', ctx.secrets.clientKeyB), 200);
    assertOpenAIError(await ctx.post(CHAT, chatBody('model-b')), 404, { code: 'model_not_found' });
  });
});

describe('SIGHUP reopens the access log', { timeout: 60000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llmgw-access-'));
  const file = path.join(dir, 'access.log');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = useGateway({
    configure(c) {
      c.logging.access_log_file = file;
    },
  });

  /** Waits until `name` holds a line for request `id` (the writer flushes every 50 ms). */
  async function waitForLine(name, id) {
    const deadline = performance.now() + 5000;
    for (;;) {
      let text = '';
      try {
        text = readFileSync(name, 'utf8');
      } catch {
        // Not created yet.
      }
      if (text.split('\n').some((line) => line.includes(`"request_id":"${id}"`))) return text;
      if (performance.now() > deadline) assert.fail(`no access-log line for ${id} in ${name}`);
      await sleep(20);
    }
  }

  test('after rotation renames the file, SIGHUP makes new lines go to a new file', async () => {
    const first = await ctx.post(CHAT, chatBody('gpt-test', 'before rotation'));
    assert.equal(first.status, 200, first.text);
    await waitForLine(file, first.headers['x-request-id']);

    // What logrotate does: rename, then signal.
    const rotated = `${file}.1`;
    renameSync(file, rotated);
    const from = ctx.gw.logs.length;
    ctx.gw.proc.kill('SIGHUP');
    await ctx.gw.waitForLog((j) => ctx.gw.logs.indexOf(j) >= from && j.msg === 'config reloaded', 5000);

    const second = await ctx.post(CHAT, chatBody('gpt-test', 'after rotation'));
    assert.equal(second.status, 200, second.text);
    const fresh = await waitForLine(file, second.headers['x-request-id']);
    assert.ok(!fresh.includes(first.headers['x-request-id']), 'the old line stays in the rotated file');
    assert.ok(readFileSync(rotated, 'utf8').includes(first.headers['x-request-id']));
  });
});
