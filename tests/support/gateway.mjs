// Starts the real llmgw binary on a generated config and gives tests a handle on it.
//
// Ports: the config listens on 127.0.0.1:0 and the real ports are read from the JSON
// "listening" lines the gateway writes to stderr. Access-log lines (stdout) are collected.
// Every wait is bounded; kill() is safe to call from `after` hooks whatever state we are in.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { withTimeout } from './http.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const LLMGW_BIN = path.resolve(here, '..', process.env.LLMGW_BIN ?? '../build/llmgw');

/** Fresh random secrets per test process, so a leak check can search for exact values. */
export function makeSecrets() {
  const hex = () => randomBytes(12).toString('hex');
  return {
    providerKey: `sk-fake-provider-${hex()}`,
    clientKeyA: `llmgw-test-client-a-${hex()}`,
    clientKeyB: `llmgw-test-client-b-${hex()}`,
  };
}

/** Environment variables through which the config references the secrets. */
export function secretEnv(secrets) {
  return {
    LLMGW_TEST_PROVIDER_KEY: secrets.providerKey,
    LLMGW_TEST_KEY_A: secrets.clientKeyA,
    LLMGW_TEST_KEY_B: secrets.clientKeyB,
  };
}

// ---- YAML emitter (block style; strings double-quoted JSON-style, which YAML accepts) ----

function scalar(v) {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return JSON.stringify(String(v));
}

function isScalar(v) {
  return v === null || typeof v !== 'object';
}

/** Serialises plain objects/arrays/scalars to block-style YAML. */
export function toYaml(value, indent = 0) {
  const pad = ' '.repeat(indent);
  if (isScalar(value)) return `${pad}${scalar(value)}\n`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value
      .map((item) => {
        if (isScalar(item)) return `${pad}- ${scalar(item)}\n`;
        if (Array.isArray(item)) return `${pad}-\n${toYaml(item, indent + 2)}`;
        const body = toYaml(item, indent + 2);
        return `${pad}- ${body.slice(indent + 2)}`;
      })
      .join('');
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return `${pad}{}\n`;
  return keys
    .map((k) => {
      const v = value[k];
      if (isScalar(v)) return `${pad}${k}: ${scalar(v)}\n`;
      if (Array.isArray(v) && v.length === 0) return `${pad}${k}: []\n`;
      if (!Array.isArray(v) && Object.keys(v).length === 0) return `${pad}${k}: {}\n`;
      return `${pad}${k}:\n${toYaml(v, indent + 2)}`;
    })
    .join('');
}

/**
 * The standard integration-test config. `fakePort` serves normal traffic; `refusedPort` refuses
 * connections. Public model → upstream scenario mapping is listed in MODELS.
 */
export const MODELS = {
  'gpt-test': 'scenario-normal',
  gated: 'scenario-stream-gated',
  slow: 'scenario-slow-3000',
  reset: 'scenario-reset',
  'reset-before': 'scenario-reset-before',
  'rate-limited': 'scenario-status-429',
  broken: 'scenario-status-500',
  'upstream-bad-request': 'scenario-status-400',
  tools: 'scenario-tools',
  'slow-stream': 'scenario-slow-stream-100-5',
  stalls: 'scenario-slow-stream-2000-3',
  'text-embedding-test': 'scenario-normal',
};

export function testConfig({ fakePort, refusedPort, server = {}, providers = {}, logging = {} } = {}) {
  const base = `http://127.0.0.1:${fakePort}/v1`;
  const strictModels = new Set(['slow', 'stalls']);
  const models = Object.entries(MODELS).map(([name, upstream]) => ({
    name,
    owned_by: 'llmgw-tests',
    created: 1700000000,
    deployments: [{ provider: strictModels.has(name) ? 'fake-strict' : 'fake', model: upstream }],
  }));
  models.push({ name: 'refused', deployments: [{ provider: 'dead', model: 'scenario-normal' }] });
  return {
    server: {
      listen: '127.0.0.1:0',
      workers: 2,
      limits: { max_body_bytes: '64KiB' },
      timeouts: { drain: '5s' },
      ...server,
    },
    providers: [
      {
        name: 'fake',
        kind: 'openai_compatible',
        base_url: base,
        api_key: '${LLMGW_TEST_PROVIDER_KEY}',
        headers: { 'X-Static-Extra': 'static-value' },
        forward_headers: ['X-Forward-Me'],
        timeouts: { connect: '1s', first_byte: '5s', idle: '5s', total: '30s' },
        ...providers.fake,
      },
      {
        name: 'fake-strict',
        kind: 'openai_compatible',
        base_url: base,
        api_key: '${LLMGW_TEST_PROVIDER_KEY}',
        timeouts: { connect: '1s', first_byte: '300ms', idle: '300ms', total: '10s' },
        ...providers['fake-strict'],
      },
      {
        name: 'dead',
        kind: 'openai_compatible',
        base_url: `http://127.0.0.1:${refusedPort}/v1`,
        api_key: '${LLMGW_TEST_PROVIDER_KEY}',
        timeouts: { connect: '1s', first_byte: '1s', idle: '1s', total: '5s' },
      },
    ],
    models,
    keys: [
      { id: 'team-a', secret: '${LLMGW_TEST_KEY_A}' },
      { id: 'team-b', secret: '${LLMGW_TEST_KEY_B}', models: ['gpt-test'] },
    ],
    logging: { level: 'info', format: 'json', access_log: true, ...logging },
    metrics: { enabled: true, listen: '127.0.0.1:0' },
  };
}

/** Writes a config (object → YAML, or a YAML string) into a fresh temp dir; returns its path. */
export function writeConfig(config, name = 'llmgw.yaml') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llmgw-test-'));
  const file = path.join(dir, name);
  writeFileSync(file, typeof config === 'string' ? config : toYaml(config));
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function lineCollector(stream, sink, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (text) => {
    buf += text;
    let i;
    while ((i = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      sink.push(line);
      onLine(line);
    }
  });
  stream.on('end', () => {
    if (buf) {
      sink.push(buf);
      onLine(buf);
      buf = '';
    }
  });
}

function tryJson(line) {
  try {
    const v = JSON.parse(line);
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts llmgw with `config` (object or YAML text) and `env` added to the environment.
 * Resolves once the "listening" lines are seen (api, and metrics when enabled).
 */
export async function startGateway({ config, env = {}, readyTimeoutMs = 10000, expectMetrics = true } = {}) {
  const cfg = writeConfig(config);
  const stdoutLines = [];
  const stderrLines = [];
  const accessLog = [];
  const logs = [];
  const listeners = {};
  const lineWaiters = new Set();
  const notify = () => {
    for (const w of [...lineWaiters]) w();
  };

  const proc = spawn(LLMGW_BIN, ['--config', cfg.file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exitInfo = null;
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      exitInfo = { code, signal, at: performance.now() };
      notify();
      resolve(exitInfo);
    });
  });
  let spawnError = null;
  proc.on('error', (e) => {
    spawnError = e;
    notify();
  });

  lineCollector(proc.stdout, stdoutLines, (line) => {
    const j = tryJson(line);
    if (j) accessLog.push(j);
    notify();
  });
  lineCollector(proc.stderr, stderrLines, (line) => {
    const j = tryJson(line);
    if (j) {
      logs.push(j);
      if (j.msg === 'listening' && j.listener && j.address) listeners[j.listener] = j;
    }
    notify();
  });

  const waitFor = (predicate, timeoutMs, what) =>
    withTimeout(
      new Promise((resolve, reject) => {
        const check = () => {
          let v;
          try {
            v = predicate();
          } catch (e) {
            lineWaiters.delete(check);
            reject(e);
            return;
          }
          if (v) {
            lineWaiters.delete(check);
            resolve(v);
          }
        };
        lineWaiters.add(check);
        check();
      }),
      timeoutMs,
      what,
    ).catch((e) => {
      lineWaiters.clear();
      throw e;
    });

  const handle = {
    proc,
    configFile: cfg.file,
    stdoutLines,
    stderrLines,
    accessLog,
    logs,
    listeners,
    exited,
    port: 0,
    metricsPort: 0,
    get exitInfo() {
      return exitInfo;
    },
    /** All output the process wrote so far (for leak checks and failure messages). */
    output() {
      return `--- stdout ---\n${stdoutLines.join('\n')}\n--- stderr ---\n${stderrLines.join('\n')}`;
    },
    /** Resolves with the first access-log line for which `predicate` holds. */
    waitForAccessLog(predicate, timeoutMs = 5000) {
      return waitFor(() => accessLog.find(predicate), timeoutMs, 'access log line');
    },
    /** Resolves with the first stderr JSON log line for which `predicate` holds. */
    waitForLog(predicate, timeoutMs = 5000) {
      return waitFor(() => logs.find(predicate), timeoutMs, 'log line');
    },
    /** SIGTERM, then waits for the exit; returns {code, signal}. Falls back to SIGKILL. */
    async stop(timeoutMs = 15000) {
      if (!exitInfo) proc.kill('SIGTERM');
      try {
        return await withTimeout(exited, timeoutMs, 'gateway exit after SIGTERM');
      } catch (e) {
        proc.kill('SIGKILL');
        await exited;
        throw e;
      }
    },
    /** Best-effort kill for `after` hooks; never throws. */
    async kill() {
      if (!exitInfo && proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await withTimeout(exited, 5000, 'gateway exit after SIGKILL').catch(() => {});
      }
      cfg.cleanup();
    },
  };

  try {
    await waitFor(
      () => {
        if (spawnError) throw new Error(`cannot start ${LLMGW_BIN}: ${spawnError.message}`);
        if (exitInfo) throw new Error(`llmgw exited early (code ${exitInfo.code}, signal ${exitInfo.signal})`);
        return listeners.api && (!expectMetrics || listeners.metrics);
      },
      readyTimeoutMs,
      'llmgw "listening" lines',
    );
  } catch (e) {
    await handle.kill();
    // Give the pipes a moment to deliver the last lines before we report them.
    await new Promise((r) => setTimeout(r, 50));
    e.message += `\n${handle.output()}`;
    throw e;
  }
  handle.port = Number(listeners.api.address.split(':').pop());
  if (listeners.metrics) handle.metricsPort = Number(listeners.metrics.address.split(':').pop());
  return handle;
}

/** Runs the binary with `args` to completion (bounded); returns {code, signal, stdout, stderr}. */
export function runCli(args, { env = {}, timeoutMs = 10000 } = {}) {
  return withTimeout(
    new Promise((resolve, reject) => {
      const proc = spawn(LLMGW_BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      proc.stdout.setEncoding('utf8').on('data', (t) => (stdout += t));
      proc.stderr.setEncoding('utf8').on('data', (t) => (stderr += t));
      proc.on('error', reject);
      proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
      setTimeout(() => proc.kill('SIGKILL'), timeoutMs + 100).unref();
    }),
    timeoutMs + 1000,
    `llmgw ${args.join(' ')}`,
  );
}

/** Asserts that none of the secrets occurs in `text`; `where` names the text for the message. */
export function assertNoSecrets(text, secrets, where) {
  for (const [name, value] of Object.entries(secrets)) {
    if (text.includes(value)) throw new Error(`secret ${name} leaked into ${where}`);
  }
}

/** Usage numbers from an access-log line, wherever the gateway puts them. */
export function accessLogUsage(line) {
  const u = line.usage && typeof line.usage === 'object' ? line.usage : line;
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
  };
}
