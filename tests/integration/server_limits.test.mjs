// Inbound HTTP/1.1 hardening against the real binary: header size limit, header-read (slowloris)
// and idle keep-alive timeouts, max_connections, chunked request bodies, Expect: 100-continue
// and pipelining. Raw sockets give byte-level control and show exactly when the gateway closes.

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';

import { assertOpenAIError, chatBody, useGateway } from '../support/harness.mjs';
import { sleep, SseParser, streamedText } from '../support/http.mjs';
import { chunkedBody, RawConnection, requestHead } from '../support/raw_http.mjs';

const CHAT = '/v1/chat/completions';

/** Head of a JSON POST to the chat endpoint with a fixed Content-Length. */
function chatHead(ctx, length, extra = []) {
  return requestHead('POST', CHAT, [
    ['Host', 'llmgw.test'],
    ['Authorization', `Bearer ${ctx.secrets.clientKeyA}`],
    ['Content-Type', 'application/json'],
    ['Content-Length', String(length)],
    ...extra,
  ]);
}

/** A complete Content-Length chat request for `content`. */
function chatRequest(ctx, content, { model = 'gpt-test', extraBody = {}, extraHeaders = [] } = {}) {
  const body = Buffer.from(JSON.stringify(chatBody(model, content, extraBody)));
  return Buffer.concat([Buffer.from(chatHead(ctx, body.length, extraHeaders)), body]);
}

function assertEchoed(res, content, where) {
  assert.equal(res.status, 200, `${where}: ${res.head}${res.text}`);
  assert.equal(res.json?.choices?.[0]?.message?.content, `Echo: ${content}`, `${where}: ${res.text}`);
}

/** Asserts an OpenAI-shaped JSON error from a RawConnection response. */
function assertRawOpenAIError(res, status, where) {
  assert.equal(res.status, status, `${where}: ${res.head}${res.text}`);
  assert.match(String(res.headers['content-type']), /application\/json/, where);
  const e = res.json?.error;
  assert.ok(e && typeof e === 'object', `${where}: OpenAI error body expected, got ${res.text}`);
  for (const field of ['message', 'type', 'param', 'code']) assert.ok(field in e, `${where}: error.${field} in ${res.text}`);
  assert.ok(typeof e.message === 'string' && e.message.length > 0, where);
  return e;
}

describe('server limits: headers, chunked bodies, 100-continue, pipelining', { timeout: 60000 }, () => {
  const ctx = useGateway({
    configure(config) {
      config.server.workers = 1;
      config.server.limits = { max_header_bytes: '4KiB', max_body_bytes: '64KiB' };
    },
  });

  test('headers below max_header_bytes (4KiB) are served', async () => {
    const res = await ctx.post(CHAT, chatBody('gpt-test', 'small headers'), { headers: { 'x-pad': 'p'.repeat(2048) } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.choices[0].message.content, 'Echo: small headers');
  });

  test('headers over max_header_bytes → 431 with an OpenAI error body, then the connection closes', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      const body = JSON.stringify(chatBody('gpt-test', 'big headers'));
      await conn.write(chatHead(ctx, Buffer.byteLength(body), [['X-Pad', 'p'.repeat(8 * 1024)]]) + body);
      const res = await conn.readResponse(3000);
      const e = assertRawOpenAIError(res, 431, 'oversized headers');
      assert.equal(e.type, 'invalid_request_error');
      assert.ok(res.headers['x-request-id'], 'rejected requests still carry a request id');
      assert.ok(!res.text.includes(ctx.secrets.clientKeyA), 'the presented key is not echoed');
      await conn.waitClosed(3000);
    } finally {
      conn.destroy();
    }
    assert.equal(ctx.fake.requestsFor('scenario-normal').filter((r) => r.body?.messages?.[0]?.content === 'big headers').length, 0);
  });

  test('a Transfer-Encoding: chunked body, split over several writes, is accepted', async () => {
    const content = 'chunked body says hi';
    const json = Buffer.from(JSON.stringify(chatBody('gpt-test', content)));
    const parts = [json.subarray(0, 5), json.subarray(5, 17), json.subarray(17)];
    const head = requestHead('POST', CHAT, [
      ['Host', 'llmgw.test'],
      ['Authorization', `Bearer ${ctx.secrets.clientKeyA}`],
      ['Content-Type', 'application/json'],
      ['Transfer-Encoding', 'chunked'],
    ]);
    const encoded = chunkedBody(parts);
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write(head);
      // Chunk framing cut at arbitrary points, with pauses, so the gateway must reassemble.
      for (const cut of [[0, 3], [3, 20], [20, encoded.length]]) {
        await conn.write(encoded.subarray(cut[0], cut[1]));
        await sleep(20);
      }
      assertEchoed(await conn.readResponse(5000), content, 'chunked body');
    } finally {
      conn.destroy();
    }
    const up = await ctx.fake.waitForRequest((r) => r.body?.messages?.[0]?.content === content);
    assert.equal(up.body.model, 'scenario-normal');
  });

  test('a chunked body over max_body_bytes (64KiB) → 413 with an OpenAI error body', async () => {
    const head = requestHead('POST', CHAT, [
      ['Host', 'llmgw.test'],
      ['Authorization', `Bearer ${ctx.secrets.clientKeyA}`],
      ['Content-Type', 'application/json'],
      ['Transfer-Encoding', 'chunked'],
    ]);
    const content = 'z'.repeat(80 * 1024);
    const json = Buffer.from(JSON.stringify(chatBody('gpt-test', content)));
    const parts = [];
    for (let i = 0; i < json.length; i += 8192) parts.push(json.subarray(i, i + 8192));
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write(Buffer.concat([Buffer.from(head), chunkedBody(parts)])).catch(() => {});
      const res = await conn.readResponse(5000);
      const e = assertRawOpenAIError(res, 413, 'oversized chunked body');
      assert.match(e.message, /65536|64/);
      await conn.waitClosed(3000);
    } finally {
      conn.destroy();
    }
    assert.ok(!ctx.fake.requests.some((r) => r.raw.length > 64 * 1024), 'nothing oversized went upstream');
  });

  // RFC 9112 §6.3: a request whose Transfer-Encoding does not end in "chunked" cannot be
  // delimited; the server must answer 400 and close, or the "body" would run as a smuggled request.
  test('Transfer-Encoding without a final "chunked" → one 400 and close; the body is never run as a request', async () => {
    const smuggled = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
    const failures = [];
    for (const te of ['gzip', 'identity', 'chunked, gzip', 'xchunked']) {
      const head = requestHead('POST', CHAT, [
        ['Host', 'llmgw.test'],
        ['Authorization', `Bearer ${ctx.secrets.clientKeyA}`],
        ['Content-Type', 'application/json'],
        ['Transfer-Encoding', te],
      ]);
      const conn = await RawConnection.open(ctx.gw.port);
      try {
        await conn.write(head + smuggled).catch(() => {});
        const closed = await conn.waitClosed(1000).then(() => true, () => false);
        const text = conn.received.toString('latin1');
        const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
        const first = statuses.length ? await conn.readResponse(100).catch(() => undefined) : undefined;
        const ok = closed && statuses.length === 1 && statuses[0] === 400 && first?.json?.error !== undefined;
        if (!ok) failures.push(`Transfer-Encoding "${te}": statuses [${statuses.join(', ')}], closed=${closed}`);
      } finally {
        conn.destroy();
      }
    }
    assert.deepEqual(failures, [], 'expected exactly one 400 (OpenAI error) and the connection closed');
  });

  test('Expect: 100-continue: "HTTP/1.1 100 Continue" before the body, then 200', async () => {
    const content = 'sent after 100 continue';
    const body = Buffer.from(JSON.stringify(chatBody('gpt-test', content)));
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write(chatHead(ctx, body.length, [['Expect', '100-continue']]));
      const interim = await conn.readUntil('\r\n\r\n', 3000);
      assert.match(interim, /^HTTP\/1\.1 100 Continue\r\n/, `interim response: ${JSON.stringify(interim)}`);
      await conn.write(body);
      assertEchoed(await conn.readResponse(5000), content, 'after 100-continue');
    } finally {
      conn.destroy();
    }
  });

  test('Expect: 100-continue with a Content-Length over the limit → 413 instead of 100', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write(chatHead(ctx, 200 * 1024, [['Expect', '100-continue']]));
      const res = await conn.readResponse(3000);
      assertRawOpenAIError(res, 413, 'expect with oversized content-length');
      await conn.waitClosed(3000);
    } finally {
      conn.destroy();
    }
  });

  test('two pipelined requests on one socket get their responses in order', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write(Buffer.concat([chatRequest(ctx, 'pipelined first'), chatRequest(ctx, 'pipelined second')]));
      assertEchoed(await conn.readResponse(5000), 'pipelined first', 'first pipelined response');
      assertEchoed(await conn.readResponse(5000), 'pipelined second', 'second pipelined response');
      assert.ok(!conn.isClosed, 'keep-alive connection stays open');
    } finally {
      conn.destroy();
    }
  });

  test('a pipelined non-stream request waits for the slow stream before it', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write(Buffer.concat([
        chatRequest(ctx, 'stream goes first', { model: 'slow-stream', extraBody: { stream: true } }),
        chatRequest(ctx, 'json goes second'),
      ]));
      const first = await conn.readResponse(5000);
      assert.equal(first.status, 200, first.head + first.text);
      assert.match(String(first.headers['content-type']), /text\/event-stream/);
      const events = new SseParser().push(first.text);
      assert.equal(events.at(-1)?.data, '[DONE]', first.text);
      assert.equal(streamedText(events.filter((e) => e.data !== '[DONE]').map((e) => ({ json: JSON.parse(e.data) }))), ' t0 t1 t2 t3 t4');
      assertEchoed(await conn.readResponse(5000), 'json goes second', 'response after the stream');
    } finally {
      conn.destroy();
    }
  });
});

describe('server timeouts: header_read and idle_keep_alive', { timeout: 60000 }, () => {
  const ctx = useGateway({
    configure(config) {
      config.server.workers = 1;
      config.server.timeouts = { ...config.server.timeouts, header_read: '300ms', idle_keep_alive: '300ms', body_read: '300ms' };
    },
  });

  test('slowloris: a request head that never completes is cut after header_read (300ms)', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n');
      const ms = await conn.waitClosed(2000);
      assert.ok(ms >= 250, `closed after ${ms.toFixed(0)} ms, before the 300ms header_read timeout`);
      const got = conn.received.toString('latin1');
      assert.ok(got === '' || /^HTTP\/1\.1 408 /.test(got), `only nothing or a 408 may be sent: ${JSON.stringify(got)}`);
    } finally {
      conn.destroy();
    }
  });

  test('slowloris: trickling one header byte every 50ms does not extend header_read', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    const trickle = 'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200);
    try {
      for (const ch of trickle) {
        if (conn.isClosed) break;
        await conn.write(ch).catch(() => {});
        await sleep(50);
        if (performance.now() - conn.openedAt > 3000) break;
      }
      const ms = await conn.waitClosed(500);
      assert.ok(ms >= 250 && ms < 2000, `closed ${ms.toFixed(0)} ms after connect`);
    } finally {
      conn.destroy();
    }
  });

  test('a connection that sends nothing is closed after header_read', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      const ms = await conn.waitClosed(2000);
      assert.ok(ms >= 250, `closed after ${ms.toFixed(0)} ms`);
      assert.equal(conn.received.length, 0, conn.received.toString('latin1'));
    } finally {
      conn.destroy();
    }
  });

  test('keep-alive: served while active, closed after idle_keep_alive (300ms) of idleness', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write(chatRequest(ctx, 'keep-alive one'));
      assertEchoed(await conn.readResponse(5000), 'keep-alive one', 'first request');
      await conn.write(chatRequest(ctx, 'keep-alive two'));
      const second = await conn.readResponse(5000);
      assertEchoed(second, 'keep-alive two', 'second request on the same connection');
      assert.doesNotMatch(String(second.headers.connection ?? ''), /close/i);
      const idleSince = performance.now();
      const ms = await conn.waitClosed(2000, idleSince);
      assert.ok(ms >= 200, `closed ${ms.toFixed(0)} ms after the last response`);
      assert.equal(conn.buffer.length, 0, `nothing sent on idle close: ${conn.buffer.toString('latin1')}`);
    } finally {
      conn.destroy();
    }
  });

  // Like nginx's client_body_timeout, a body that stops arriving ends the connection without a
  // response: the client is not reading a reply it is still busy writing a request for.
  test('a body that stops arriving is cut after body_read (300ms), with no request served', async () => {
    const conn = await RawConnection.open(ctx.gw.port);
    try {
      await conn.write(chatHead(ctx, 100) + '{"model":');
      const sentAt = performance.now();
      const ms = await conn.waitClosed(2000, sentAt);
      assert.ok(ms >= 250, `closed ${ms.toFixed(0)} ms after the partial body, before body_read`);
      assert.equal(conn.received.toString('latin1'), '', 'no response bytes are sent');
    } finally {
      conn.destroy();
    }
  });

  test('the gateway serves fresh connections after the timeouts', async () => {
    const res = await ctx.post(CHAT, chatBody('gpt-test', 'still fine'));
    assert.equal(res.status, 200, res.text);
  });
});

describe('server limits: max_connections', { timeout: 60000 }, () => {
  const ctx = useGateway({
    configure(config) {
      config.server.workers = 1;
      config.server.limits = { ...config.server.limits, max_connections: 3 };
    },
  });
  const open = [];
  const track = (c) => {
    open.push(c);
    return c;
  };

  /** Opens a connection and gets one request served on it, retrying while slots are being freed. */
  async function servedConnection(content, deadlineMs = 3000) {
    const deadline = performance.now() + deadlineMs;
    for (;;) {
      const conn = track(await RawConnection.open(ctx.gw.port));
      await conn.write(chatRequest(ctx, content)).catch(() => {});
      try {
        const res = await conn.readResponse(2000);
        assertEchoed(res, content, `served connection (${content})`);
        return conn;
      } catch (e) {
        conn.destroy();
        if (!conn.isClosed || performance.now() > deadline) throw e;
        await sleep(20);
      }
    }
  }

  /** Asserts that a new connection gets no service: closed promptly, with no response bytes. */
  async function assertRejected(where) {
    const conn = track(await RawConnection.open(ctx.gw.port));
    await conn.write(chatRequest(ctx, `over the limit ${where}`)).catch(() => {});
    const ms = await conn.waitClosed(2000);
    assert.equal(conn.received.length, 0, `${where}: no response expected, got ${conn.received.toString('latin1')}`);
    assert.ok(ms < 2000, `${where}: closed after ${ms.toFixed(0)} ms`);
  }

  test('a 4th connection is closed at once while 3 idle ones are open; slots free up again', async () => {
    try {
      const idle = [];
      for (let i = 0; i < 3; i++) idle.push(track(await RawConnection.open(ctx.gw.port)));
      // No wait needed: with one worker the kernel's accept queue is FIFO and a session is
      // counted synchronously when accepted, so the 3 are counted before the 4th is accepted.
      await assertRejected('4th while 3 idle');
      assert.ok(idle.every((c) => !c.isClosed), 'the 3 idle connections are kept (header_read is 10s)');
      assert.ok(!ctx.fake.requests.some((r) => String(r.body?.messages?.[0]?.content).startsWith('over the limit')));

      for (const c of idle) c.destroy();
      // All three slots are usable again: three concurrent keep-alive connections get served.
      const served = [];
      for (const n of ['slot one', 'slot two', 'slot three']) served.push(await servedConnection(n));
      await assertRejected('4th while 3 keep-alive');
      assert.ok(served.every((c) => !c.isClosed), 'keep-alive connections stay open');
    } finally {
      for (const c of open) c.destroy();
    }
  });

  test('after the limit test a plain request still succeeds', async () => {
    const deadline = performance.now() + 3000;
    let res;
    for (;;) {
      try {
        res = await ctx.post(CHAT, chatBody('gpt-test', 'after max_connections'), { timeoutMs: 2000 });
        break;
      } catch (e) {
        if (performance.now() > deadline) throw e;
        await sleep(20);
      }
    }
    assert.equal(res.status, 200, res.text);
  });
});
