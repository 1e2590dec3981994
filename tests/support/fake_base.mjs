// Shared plumbing of the provider fakes (Anthropic, Gemini, Azure, Bedrock): an HTTP server on
// 127.0.0.1:0 that records every request (method, path, query, headers, raw body bytes, parsed
// JSON) and every byte it answered with, plus the scenario names all fakes understand.
//
// Scenarios come from the *upstream* model name (the gateway rewrites public names):
//   scenario-normal             text answer "Echo: <last user text>" (unknown names act like this)
//   scenario-tools              two parallel tool calls (get_weather, get_time); streamed
//                               arguments arrive in fragments where the provider streams them
//   scenario-status-<code>      the provider's own error body with <code> (429 adds retry-after: 7)
//   scenario-stream-error       stream: some text, then the provider's in-stream error event
//   scenario-stream-error-bare  Gemini only: the error arrives as bare JSON without "data:"
//   scenario-cut                stream: some text, then the body ends without the terminal event
//   scenario-crlf               Gemini only: events separated by \r\n\r\n
//   scenario-cache              Bedrock only: usage with cache read/write tokens
// When the last user turn carries tool results, every fake answers "Results: <r1>; <r2>" so a
// tool-call round trip shows the results arrived in the provider's shape.

import http from 'node:http';
import { performance } from 'node:perf_hooks';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The behaviour a request asks for, from its upstream model name (a prefix/suffix may wrap it). */
export function parseScenario(model) {
  const m = /scenario-([a-z0-9-]+)/.exec(String(model ?? ''));
  const name = m ? m[1] : 'normal';
  let r;
  if ((r = /^status-(\d{3})/.exec(name))) return { kind: 'status', status: Number(r[1]) };
  for (const kind of ['tools', 'stream-error-bare', 'stream-error', 'cut', 'crlf', 'cache']) {
    if (name.startsWith(kind)) return { kind };
  }
  return { kind: 'normal' };
}

/** Token-like pieces an answer is streamed in (same rule as the OpenAI fake). */
export function tokenize(text) {
  return text.match(/\s*\S+/g) ?? [''];
}

/** The two tool calls of scenario-tools, with the argument fragments streams carry. */
export const TOOL_CALLS = [
  { name: 'get_weather', input: { city: 'Oslo' }, fragments: ['{"ci', 'ty": "Os', 'lo"}'] },
  { name: 'get_time', input: { tz: 'Europe/Oslo' }, fragments: ['{"tz":', ' "Europe/', 'Oslo"}'] },
];
export const TOOL_PREAMBLE = 'Let me check.';

/** Answer text for the echo / tool-result cases. */
export function answerFor(userText, toolResults) {
  if (toolResults.length) return `Results: ${toolResults.join('; ')}`;
  return `Echo: ${userText}`;
}

/** Deterministic prompt token count from whatever the request carries. */
export function promptTokensFor(value) {
  return 7 + Math.ceil(JSON.stringify(value ?? '').length / 4);
}

/**
 * Starts a fake on 127.0.0.1:0. `handle(record, res, helpers)` answers one request; the body is
 * already read and recorded. Returns the common handle (requests, waitForRequest, close, ...).
 */
export async function startFakeServer(name, handle) {
  const requests = [];
  const server = http.createServer();
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10000;
  server.requestTimeout = 0;

  server.on('request', (req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const [path, query = ''] = req.url.split(/\?(.*)/s);
      const record = {
        method: req.method,
        url: req.url,
        path,
        query: Object.fromEntries(new URLSearchParams(query)),
        headers: { ...req.headers },
        rawHeaders: [...req.rawHeaders],
        rawBody,
        raw: rawBody.toString('utf8'),
        body: undefined,
        receivedAt: performance.now(),
        status: null,
        responseChunks: [], // every byte the fake wrote, as Buffers
      };
      try {
        record.body = rawBody.length ? JSON.parse(record.raw) : undefined;
      } catch (e) {
        record.parseError = e.message;
      }
      requests.push(record);
      const origWrite = res.write.bind(res);
      const origEnd = res.end.bind(res);
      const keep = (c) => {
        if (c !== undefined && c !== null && typeof c !== 'function') record.responseChunks.push(Buffer.from(c));
      };
      res.write = (c, ...rest) => (keep(c), origWrite(c, ...rest));
      res.end = (c, ...rest) => (keep(c), origEnd(c, ...rest));
      Promise.resolve()
        .then(() => handle(record, res))
        .catch((err) => {
          record.handlerError = err;
          res.destroy();
        });
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    name,
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    /** Every byte the fake wrote for `record`'s response body. */
    responseText(record) {
      return Buffer.concat(record.responseChunks).toString('utf8');
    },
    /** Waits until `predicate(request)` holds for a recorded request whose response finished. */
    async waitForRequest(predicate, timeoutMs = 5000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = requests.find(predicate);
        if (found) return found;
        if (performance.now() > deadline) throw new Error(`${name}: no matching request within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    /** The last recorded request for which `predicate` holds (throws when none). */
    last(predicate = () => true) {
      const found = requests.findLast(predicate);
      if (!found) throw new Error(`${name}: no matching request among ${requests.length}: ${requests.map((r) => r.url).join(', ')}`);
      return found;
    },
    clear() {
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(() => r()));
    },
  };
}

export function sendJson(res, status, obj, headers = {}) {
  const payload = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Starts an SSE response; returns write(text) that keeps order and reports a gone client. */
export function startSse(res, headers = {}) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
  res.flushHeaders();
  return (text) => {
    if (res.destroyed) return false;
    res.write(text);
    return true;
  };
}

/** Writes `bytes` and resolves once they are handed to the kernel (to spread a stream out). */
export function writeFlushed(res, bytes) {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    res.write(bytes, () => resolve(true));
  });
}
