// Small HTTP/SSE client helpers on node:http, so tests control sockets, timing and aborts exactly.

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** Rejects after `ms` with `what` in the message; clears its timer when `promise` settles. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Drops headers whose value is undefined (lets callers remove a default header). */
export function definedHeaders(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One request; resolves with {status, headers, text, json, socket}. `body` may be an object
 * (sent as JSON), a string or a Buffer. `tls` (node:tls options such as {ca}) switches to https.
 */
export function request(port, { method = 'GET', path = '/', headers = {}, body, agent, timeoutMs = 10000, tls } = {}) {
  let payload;
  const h = definedHeaders(headers);
  if (body !== undefined) {
    payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    h['content-length'] = payload.length;
  }
  const p = new Promise((resolve, reject) => {
    const req = (tls ? https : http).request({ host: '127.0.0.1', port, method, path, headers: h, agent: agent ?? false, ...tls }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json, socket: req.socket });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
  return withTimeout(p, timeoutMs, `${method} ${path}`);
}

/** Parses SSE text into events: [{data, event?}] following the WHATWG rules the SDKs use. */
export class SseParser {
  constructor() {
    this.buffer = '';
    this.data = [];
    this.event = undefined;
  }
  /** Feeds text, returns the events completed by it. */
  push(text) {
    this.buffer += text;
    const out = [];
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.buffer);
      if (!m) break;
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (m[0] === '\r' && m.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (line === '') {
        if (this.data.length || this.event !== undefined) out.push({ event: this.event, data: this.data.join('\n') });
        this.data = [];
        this.event = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.event = value;
    }
    return out;
  }
}

/**
 * Starts a streaming POST and returns a handle:
 *   response   Promise<{status, headers}>
 *   next(ms)   Promise of the next SSE event {data, json, at} (or null at end of stream)
 *   done       Promise<{events, raw, endedCleanly, error}> resolved when the response ends/aborts
 *   abort()    destroys the client socket; returns performance.now() at the abort
 * `tls` (node:tls options such as {ca}) switches to https.
 */
export function openStream(port, { path = '/v1/chat/completions', headers = {}, body, agent, tls } = {}) {
  const payload = Buffer.from(JSON.stringify(body));
  const events = [];
  const waiters = [];
  let ended = false;
  let raw = '';
  let req;
  const parser = new SseParser();

  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };

  let resolveResponse, rejectResponse, resolveDone;
  const response = new Promise((a, b) => {
    resolveResponse = a;
    rejectResponse = b;
  });
  const done = new Promise((r) => (resolveDone = r));
  // Keep unhandled rejections quiet when a test never awaits `response`.
  response.catch(() => {});

  const finish = (endedCleanly, error) => {
    if (ended) return;
    ended = true;
    wake();
    resolveDone({ events, raw, endedCleanly, error });
  };

  req = (tls ? https : http).request(
    {
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      agent: agent ?? false,
      headers: definedHeaders({ 'content-type': 'application/json', 'content-length': payload.length, ...headers }),
      ...tls,
    },
    (res) => {
      resolveResponse({ status: res.statusCode, headers: res.headers });
      res.setEncoding('utf8');
      res.on('data', (text) => {
        raw += text;
        const at = performance.now();
        for (const ev of parser.push(text)) {
          let json;
          if (ev.data !== '[DONE]') {
            try {
              json = JSON.parse(ev.data);
            } catch {
              json = undefined;
            }
          }
          events.push({ ...ev, json, at });
        }
        wake();
      });
      res.on('end', () => finish(true));
      res.on('error', (e) => finish(false, e));
      res.on('close', () => finish(res.complete, res.complete ? undefined : new Error('response closed early')));
    },
  );
  req.on('error', (e) => {
    rejectResponse(e);
    finish(false, e);
  });
  req.write(payload);
  req.end();

  let cursor = 0;
  return {
    response,
    done,
    events,
    get raw() {
      return raw;
    },
    async next(timeoutMs = 5000) {
      const wait = async () => {
        while (cursor >= events.length) {
          if (ended) return null;
          await new Promise((r) => waiters.push(r));
        }
        return events[cursor++];
      };
      return withTimeout(wait(), timeoutMs, 'next SSE event');
    },
    abort() {
      const at = performance.now();
      req.destroy();
      return at;
    },
  };
}

/** Content deltas of a chat stream's events, concatenated. */
export function streamedText(events) {
  let text = '';
  for (const e of events) {
    const choice = e.json?.choices?.[0];
    if (choice?.delta?.content) text += choice.delta.content;
    else if (typeof choice?.text === 'string') text += choice.text;
  }
  return text;
}

/** Resolves true when a TCP connect to the port is refused or reset, false when it connects. */
export function connectRefused(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const t = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, timeoutMs);
    s.on('connect', () => {
      clearTimeout(t);
      s.destroy();
      resolve(false);
    });
    s.on('error', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Sends raw bytes on a fresh TCP connection and returns everything read until close/timeout. */
export function rawExchange(port, bytes, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const chunks = [];
    const t = setTimeout(() => {
      s.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    }, timeoutMs);
    s.on('connect', () => s.write(bytes));
    s.on('data', (c) => chunks.push(c));
    s.on('close', () => {
      clearTimeout(t);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    s.on('error', (e) => {
      clearTimeout(t);
      if (chunks.length) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(e);
    });
  });
}
