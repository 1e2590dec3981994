// What the Node benchmarks share: the bench config (one model on a fake OpenAI upstream, one
// client key, optionally limited and priced), the API port from the gateway's "listening"
// log line, and one chat request on a keep-alive agent.
import http from 'node:http';

export const CLIENT_KEY = 'bench-client-key-0123456789';
/** The environment the bench config's secret references resolve from. */
export const BENCH_ENV = { BENCH_PROVIDER_KEY: 'sk-bench', BENCH_CLIENT_KEY: CLIENT_KEY };

// Far above what any run uses: every request is estimated, reserved, priced and settled.
const KEY_LIMITS = {
  limits: { rpm: 1000000, tpm: 1000000000 },
  budget: { amount: '1000000', period: 'month' },
};
const PRICES = {
  pricing: { providers: { fake: { 'scenario-normal': { input: 2.5, output: 10 } } } },
};

/**
 * The bench gateway's config. `governance` gives the key RPM, TPM and a monthly budget and
 * the model a price; `state` is the config's `state:` section, when given.
 */
export function benchConfig(upstreamPort, { governance = false, state, accessLog = true } = {}) {
  return {
    server: { listen: '127.0.0.1:0', workers: 1 },
    providers: [
      {
        name: 'fake',
        kind: 'openai_compatible',
        base_url: `http://127.0.0.1:${upstreamPort}/v1`,
        api_key: '${BENCH_PROVIDER_KEY}',
      },
    ],
    models: [{ name: 'bench', deployments: [{ provider: 'fake', model: 'scenario-normal' }] }],
    keys: [{ id: 'bench', secret: '${BENCH_CLIENT_KEY}', ...(governance ? KEY_LIMITS : {}) }],
    ...(governance ? PRICES : {}),
    ...(state ? { state } : {}),
    logging: { level: 'info', access_log: accessLog },
    metrics: { enabled: false },
  };
}

/** The API listener's port, read from the child's stderr log; rejects on exit or timeout. */
export function apiPort(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new Error(`llmgw did not start within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      buf += text;
      for (const line of buf.split('\n')) {
        let entry;
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        if (entry.msg !== 'listening' || entry.listener !== 'api') continue;
        clearTimeout(timer);
        resolve(Number(entry.address.slice(entry.address.lastIndexOf(':') + 1)));
      }
    });
    child.on('exit', (code) => reject(new Error(`llmgw exited early (${code}): ${buf.slice(-500)}`)));
  });
}

/** One chat request; resolves with the response's byte count, rejects unless 200. */
export function postChat(agent, port, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
        timeout: 30000,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(bytes) : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
