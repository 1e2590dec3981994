// A fake OpenAI-compatible upstream for integration tests and benchmarks.
//
// It speaks the real wire format (JSON bodies, SSE streams ending in `data: [DONE]`, a usage-only
// chunk with "choices":[] when stream_options.include_usage is set) and picks a behaviour from the
// *upstream* model name of each request, because the gateway rewrites public model names to the
// deployment's model name:
//
//   scenario-normal            answer "Echo: <last user text>" (any unknown model behaves like this)
//   scenario-stream-gated      stream: send chunk 1, then wait for release() before the rest
//   scenario-slow-<ms>         send nothing for <ms> (default 2000), then answer normally
//   scenario-reset             stream: 2 chunks then reset the socket; non-stream: reset at once
//   scenario-reset-before      reset the socket before any response byte
//   scenario-status-<code>     reply <code> with an OpenAI error body (429 adds Retry-After: 7)
//   scenario-tools             a tool-call answer (streamed in argument fragments when stream)
//   scenario-slow-stream-<ms>-<n>  stream <n> content events, one every <ms> (bench / SDK tests)
//   scenario-script-<name>     the faults script(name, ...) queued: each request takes the next
//                              step ({status, headers, code, message}), then `otherwise` (a step,
//                              or null: answer normally) once the steps run out
//
// Every request is recorded (method, url, headers, raw body, parsed body, socket id) and every
// connection's open/close time (performance.now()) so tests can assert what reached upstream and
// how fast a cancel propagated.

import http from 'node:http';
import { performance } from 'node:perf_hooks';

import {
  CREATED, TOOL_CALL, chatChunk, completionChunk, embeddingToBase64, errorBody, expectedAnswer,
  expectedUsage, fakeEmbedding, parseScenario, tokenize,
} from './openai_wire.mjs';

export { expectedAnswer, expectedUsage, fakeEmbedding, lastUserText, tokenize } from './openai_wire.mjs';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Starts the fake on 127.0.0.1:0.
 * @param {{keepAliveTimeoutMs?: number}} [options]
 */
export async function startFakeOpenAI(options = {}) {
  const requests = [];
  const connections = new Map(); // id -> {id, openedAt, closedAt, closed: Promise}
  const gates = new Set(); // pending release callbacks of gated streams
  const gateWaiters = [];
  const scripts = new Map(); // name -> {steps, otherwise}
  const timers = new Set();
  let nextSocketId = 1;

  const server = http.createServer();
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5000;
  server.headersTimeout = 10000;
  server.requestTimeout = 0;
  server.maxHeadersCount = 200;

  server.on('connection', (socket) => {
    const id = nextSocketId++;
    let resolveClosed;
    const record = {
      id,
      openedAt: performance.now(),
      closedAt: null,
      closed: new Promise((r) => (resolveClosed = r)),
    };
    socket.fakeId = id;
    connections.set(id, record);
    socket.on('close', () => {
      record.closedAt = performance.now();
      resolveClosed(record.closedAt);
    });
  });

  const later = (ms, fn) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };

  // A gate also opens when the downstream side goes away, so pendingGates counts live streams only.
  const waitGate = (record, res) =>
    new Promise((resolve) => {
      const release = () => {
        gates.delete(release);
        resolve();
      };
      record.release = release;
      gates.add(release);
      res.once('close', release);
      for (const w of gateWaiters.splice(0)) w();
    });

  server.on('request', (req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const record = {
        method: req.method,
        url: req.url,
        headers: { ...req.headers },
        rawHeaders: [...req.rawHeaders],
        raw,
        body: undefined,
        socketId: req.socket.fakeId,
        receivedAt: performance.now(),
        release: null,
        events: [], // {at, data} of what the fake wrote for streams
      };
      try {
        record.body = raw.length ? JSON.parse(raw) : undefined;
      } catch (e) {
        record.parseError = e.message;
      }
      requests.push(record);
      handle(req, res, record).catch((err) => {
        record.handlerError = err;
        res.destroy();
      });
    });
  });

  async function handle(req, res, record) {
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: [] });
    }
    if (req.method !== 'POST') return sendJson(res, 405, errorBody(405));
    if (record.parseError || typeof record.body !== 'object' || record.body === null) {
      return sendJson(res, 400, {
        error: { message: `fake upstream: invalid JSON body: ${record.parseError}`, type: 'invalid_request_error', param: null, code: null },
      });
    }
    const body = record.body;
    const scenario = parseScenario(body.model);
    record.scenario = scenario;

    if (scenario.kind === 'reset-before') return res.socket.resetAndDestroy();
    if (scenario.kind === 'status') {
      const headers = scenario.status === 429 ? { 'retry-after': '7', 'x-ratelimit-remaining-requests': '0' } : {};
      return sendJson(res, scenario.status, errorBody(scenario.status), headers);
    }
    if (scenario.kind === 'script') {
      const script = scripts.get(scenario.name);
      const step = script?.steps.shift() ?? script?.otherwise;
      if (step) {
        const body = errorBody(step.status);
        if (step.code !== undefined) body.error.code = step.code;
        if (step.message !== undefined) body.error.message = step.message;
        return sendJson(res, step.status, body, step.headers ?? {});
      }
    }
    if (scenario.kind === 'slow') {
      await new Promise((r) => later(scenario.delayMs, r));
      if (res.destroyed || req.socket.destroyed) return;
    }

    if (path === '/v1/embeddings') return handleEmbeddings(res, body);
    if (path === '/v1/chat/completions') return handleChat(res, body, scenario, record, false);
    if (path === '/v1/completions') return handleChat(res, body, scenario, record, true);
    return sendJson(res, 404, { error: { message: `fake upstream: no route ${path}`, type: 'invalid_request_error', param: null, code: null } });
  }

  function handleEmbeddings(res, body) {
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const base64 = body.encoding_format === 'base64';
    const data = inputs.map((text, index) => {
      const v = fakeEmbedding(typeof text === 'string' ? text : JSON.stringify(text), body.dimensions ?? 8);
      return { object: 'embedding', index, embedding: base64 ? embeddingToBase64(v) : v };
    });
    const promptTokens = inputs.reduce((n, t) => n + Math.ceil(String(t).length / 4), 0);
    sendJson(res, 200, {
      object: 'list',
      data,
      model: body.model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    });
  }

  async function handleChat(res, body, scenario, record, legacy) {
    const id = legacy ? 'cmpl-fake' : 'chatcmpl-fake';
    const model = body.model;
    const answer = expectedAnswer(body);

    if (!body.stream) {
      if (scenario.kind === 'reset') return res.socket.resetAndDestroy();
      if (scenario.kind === 'slow-stream') scenario.kind = 'normal';
      const usage = expectedUsage(body, answer);
      if (legacy) {
        return sendJson(res, 200, {
          id, object: 'text_completion', created: CREATED, model,
          choices: [{ text: answer, index: 0, logprobs: null, finish_reason: 'stop' }],
          usage,
        });
      }
      const message = scenario.kind === 'tools'
        ? { role: 'assistant', content: null, refusal: null, annotations: [],
            tool_calls: [{ id: TOOL_CALL.id, type: 'function', function: { name: TOOL_CALL.name, arguments: TOOL_CALL.argumentPieces.join('') } }] }
        : { role: 'assistant', content: answer, refusal: null, annotations: [] };
      return sendJson(res, 200, {
        id, object: 'chat.completion', created: CREATED, model, system_fingerprint: 'fp_fake',
        choices: [{ index: 0, message, logprobs: null, finish_reason: scenario.kind === 'tools' ? 'tool_calls' : 'stop' }],
        usage: { ...usage, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
                 completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
      });
    }

    const includeUsage = body.stream_options?.include_usage === true;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': 'req_fake_upstream',
    });
    res.flushHeaders();
    const send = (obj) => {
      if (res.destroyed) return false;
      const data = typeof obj === 'string' ? obj : JSON.stringify(obj);
      record.events.push({ at: performance.now(), data });
      res.write(`data: ${data}\n\n`);
      return true;
    };
    const mk = (delta, finish = null) =>
      legacy ? completionChunk(id, model, delta.content ?? '', finish, includeUsage)
             : chatChunk(id, model, delta, finish, includeUsage);

    let pieces;
    if (scenario.kind === 'slow-stream') {
      pieces = Array.from({ length: scenario.count }, (_, i) => ` t${i}`);
    } else {
      pieces = tokenize(answer);
    }

    // First event: role (chat) + first content piece, like real servers do.
    if (scenario.kind === 'tools' && !legacy) {
      send(chatChunk(id, model, { role: 'assistant', content: null, tool_calls: [{ index: 0, id: TOOL_CALL.id, type: 'function', function: { name: TOOL_CALL.name, arguments: '' } }] }, null, includeUsage));
      for (const piece of TOOL_CALL.argumentPieces) {
        send(chatChunk(id, model, { tool_calls: [{ index: 0, function: { arguments: piece } }] }, null, includeUsage));
      }
      send(chatChunk(id, model, {}, 'tool_calls', includeUsage));
      return finishStream(res, send, includeUsage, legacy, id, model, body, TOOL_CALL.argumentPieces.join(''));
    }

    send(mk(legacy ? { content: pieces[0] } : { role: 'assistant', content: pieces[0] }));
    if (scenario.kind === 'gated') {
      await waitGate(record, res);
      if (res.destroyed) return;
    }
    for (let i = 1; i < pieces.length; i++) {
      if (scenario.kind === 'reset' && i === 2) return resetAfterFlush(res);
      if (scenario.kind === 'slow-stream') {
        await new Promise((r) => later(scenario.intervalMs, r));
        if (res.destroyed) return;
      }
      send(mk({ content: pieces[i] }));
    }
    // Answers shorter than 3 pieces still reset after what they had.
    if (scenario.kind === 'reset') return resetAfterFlush(res);
    send(mk({}, 'stop'));
    finishStream(res, send, includeUsage, legacy, id, model, body, pieces.join(''));
  }

  // A TCP RST makes the peer drop data it has not read yet, so let the chunks already written
  // reach the peer first: the point is a connection that dies *after* some events.
  async function resetAfterFlush(res) {
    const socket = res.socket;
    if (!socket || socket.destroyed) return;
    await new Promise((r) => res.write('', () => r()));
    await new Promise((r) => later(30, r));
    if (!socket.destroyed) socket.resetAndDestroy();
  }

  function finishStream(res, send, includeUsage, legacy, id, model, body, answer) {
    if (includeUsage) {
      const usage = expectedUsage(body, answer);
      send({ id, object: legacy ? 'text_completion' : 'chat.completion.chunk', created: CREATED, model,
             ...(legacy ? {} : { system_fingerprint: 'fp_fake' }), choices: [], usage });
    }
    send('[DONE]');
    res.end();
  }

  function sendJson(res, status, obj, headers = {}) {
    const payload = JSON.stringify(obj);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
    res.end(payload);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    connections,
    /** Requests whose body model equals `model`. */
    requestsFor(model) {
      return requests.filter((r) => r.body?.model === model);
    },
    /** Waits until `predicate(request)` holds for some recorded request. */
    async waitForRequest(predicate, timeoutMs = 5000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = requests.find(predicate);
        if (found) return found;
        if (performance.now() > deadline) throw new Error(`fake upstream: no matching request within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    /** Number of gated streams waiting for release(). */
    get pendingGates() {
      return gates.size;
    },
    /** Resolves once at least `n` gated streams are waiting. */
    async waitForGates(n = 1, timeoutMs = 5000) {
      const deadline = performance.now() + timeoutMs;
      while (gates.size < n) {
        if (performance.now() > deadline) throw new Error(`fake upstream: ${gates.size}/${n} gated streams after ${timeoutMs} ms`);
        await new Promise((r) => {
          gateWaiters.push(r);
          setTimeout(r, 20);
        });
      }
    },
    /** Lets every waiting gated stream continue. */
    release() {
      for (const g of [...gates]) g();
    },
    /**
     * Faults for upstream model scenario-script-<name>: each request takes the next of `steps`
     * ({status, headers?, code?, message?}), then `otherwise` (null: a normal answer).
     */
    script(name, steps, otherwise = null) {
      scripts.set(name, { steps: [...steps], otherwise });
    },
    /** Forgets recorded requests (connections stay tracked). */
    clear() {
      requests.length = 0;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const g of [...gates]) g();
      server.closeAllConnections?.();
      await new Promise((r) => server.close(() => r()));
    },
  };
}

/** A port that refuses connections (bound, then closed again). */
export async function closedPort() {
  const net = await import('node:net');
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}
