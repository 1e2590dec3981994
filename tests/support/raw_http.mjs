// A raw TCP client for tests that need byte-level control of HTTP/1.1: partial headers,
// pipelining, Expect: 100-continue, hand-made chunked bodies, and observing when the *server*
// closes the connection. Every wait is bounded.

import net from 'node:net';
import { performance } from 'node:perf_hooks';

import { withTimeout } from './http.mjs';

const HEADER_END = Buffer.from('\r\n\r\n');

/** Splits "name: value" header lines into a lower-cased map (repeated names joined by ", "). */
function parseHeaderLines(lines) {
  const headers = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed response header line: ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

/**
 * Decodes a chunked body starting at `buf[0]`. Returns {body, used} once the last chunk and the
 * (possibly empty) trailer are complete, or null when more bytes are needed.
 */
function decodeChunked(buf) {
  const parts = [];
  let pos = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol === -1) return null;
    const size = parseInt(buf.subarray(pos, eol).toString('latin1').split(';')[0].trim(), 16);
    if (Number.isNaN(size)) throw new Error(`bad chunk size line: ${buf.subarray(pos, eol).toString('latin1')}`);
    pos = eol + 2;
    if (size === 0) {
      // Trailer fields end with an empty line.
      for (;;) {
        const end = buf.indexOf('\r\n', pos);
        if (end === -1) return null;
        const empty = end === pos;
        pos = end + 2;
        if (empty) return { body: Buffer.concat(parts), used: pos };
      }
    }
    if (buf.length < pos + size + 2) return null;
    parts.push(buf.subarray(pos, pos + size));
    pos += size + 2;
  }
}

/**
 * Tries to cut one complete response off the front of `buf`. Returns {response, used} or null.
 * `closed` says the peer has closed, which completes a body delimited by the connection close.
 */
function parseResponse(buf, closed) {
  const headEnd = buf.indexOf(HEADER_END);
  if (headEnd === -1) return null;
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (!m) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(lines[0])}`);
  const status = Number(m[1]);
  const headers = parseHeaderLines(lines.slice(1));
  const bodyStart = headEnd + HEADER_END.length;
  const head = buf.subarray(0, bodyStart).toString('latin1');
  const finish = (body, used) => {
    const text = body.toString('utf8');
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { response: { status, reason: m[2] ?? '', headers, head, body, text, json }, used };
  };
  if ((status >= 100 && status < 200) || status === 204 || status === 304) return finish(Buffer.alloc(0), bodyStart);
  if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
    const decoded = decodeChunked(buf.subarray(bodyStart));
    return decoded && finish(decoded.body, bodyStart + decoded.used);
  }
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (buf.length < bodyStart + length) return null;
    return finish(buf.subarray(bodyStart, bodyStart + length), bodyStart + length);
  }
  if (!closed) return null;
  return finish(buf.subarray(bodyStart), buf.length);
}

/** One raw TCP connection to 127.0.0.1:`port`. Use RawConnection.open(). */
export class RawConnection {
  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0); // bytes received and not yet consumed by a read*() call
    this.received = Buffer.alloc(0); // every byte ever received
    this.openedAt = performance.now();
    this.closedAt = null;
    this.error = null;
    this.waiters = new Set();
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('error', (e) => {
      this.error = e;
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.closedAt = performance.now();
        this.wake();
        resolve(this.closedAt);
      });
    });
  }

  /** Connects (bounded). */
  static open(port, { timeoutMs = 3000 } = {}) {
    return withTimeout(
      new Promise((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port });
        socket.once('connect', () => {
          socket.removeListener('error', reject);
          resolve(new RawConnection(socket));
        });
        socket.once('error', reject);
      }),
      timeoutMs,
      `connect to 127.0.0.1:${port}`,
    );
  }

  wake() {
    for (const w of [...this.waiters]) w();
  }

  get isClosed() {
    return this.closedAt !== null;
  }

  /** Writes bytes; resolves once they are handed to the kernel (or rejects on a write error). */
  write(bytes) {
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Waits until `predicate()` returns a value other than undefined/null/false; bounded. */
  waitFor(predicate, timeoutMs, what) {
    let check;
    return withTimeout(
      new Promise((resolve, reject) => {
        check = () => {
          let v;
          try {
            v = predicate();
          } catch (e) {
            this.waiters.delete(check);
            reject(e);
            return;
          }
          if (v !== undefined && v !== null && v !== false) {
            this.waiters.delete(check);
            resolve(v);
          }
        };
        this.waiters.add(check);
        check();
      }),
      timeoutMs,
      what,
    ).finally(() => this.waiters.delete(check));
  }

  /** Reads (consumes) everything up to and including `marker`; rejects if the peer closes first. */
  readUntil(marker, timeoutMs = 3000) {
    const m = Buffer.from(marker);
    return this.waitFor(
      () => {
        const i = this.buffer.indexOf(m);
        if (i !== -1) {
          const out = this.buffer.subarray(0, i + m.length).toString('latin1');
          this.buffer = this.buffer.subarray(i + m.length);
          return out;
        }
        if (this.isClosed) {
          throw new Error(`connection closed before ${JSON.stringify(marker)}; got ${JSON.stringify(this.buffer.toString('latin1'))}`);
        }
        return undefined;
      },
      timeoutMs,
      `bytes ${JSON.stringify(marker)}`,
    );
  }

  /**
   * Reads (consumes) one complete HTTP response: {status, reason, headers, head, body, text, json}.
   * Chunked bodies are decoded. Rejects if the connection closes before a whole response.
   */
  readResponse(timeoutMs = 5000) {
    return this.waitFor(
      () => {
        const parsed = parseResponse(this.buffer, this.isClosed);
        if (parsed) {
          this.buffer = this.buffer.subarray(parsed.used);
          return parsed.response;
        }
        if (this.isClosed) {
          throw new Error(`connection closed before a complete response; got ${JSON.stringify(this.buffer.toString('latin1'))}`);
        }
        return undefined;
      },
      timeoutMs,
      'an HTTP response',
    );
  }

  /** Resolves with ms from `since` (default: connect) to the close; rejects after timeoutMs. */
  async waitClosed(timeoutMs = 3000, since = this.openedAt) {
    const at = await withTimeout(this.closed, timeoutMs, 'the server to close the connection');
    return at - since;
  }

  /** Closes our side at once; never throws. */
  destroy() {
    this.socket.destroy();
  }
}

/** Formats a request head (request line + headers + empty line); `headers` is [name, value][] or an object. */
export function requestHead(method, target, headers) {
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  return `${method} ${target} HTTP/1.1\r\n${entries.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

/** Encodes `parts` (strings/Buffers) as a chunked body, one chunk each, plus the last chunk. */
export function chunkedBody(parts) {
  const out = [];
  for (const p of parts) {
    const b = Buffer.isBuffer(p) ? p : Buffer.from(p);
    if (b.length === 0) continue; // a zero-size chunk would end the body
    out.push(Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n'));
  }
  out.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(out);
}
