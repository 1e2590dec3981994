// The upstream of `make demo` (scripts/demo.sh, config/examples/demo.yaml): the test suite's fake
// OpenAI server (tests/support/fake_openai.mjs, which imports node: builtins only), reachable on
// the fixed address the demo config names, 127.0.0.1:18080 (DEMO_UPSTREAM_PORT changes the port).
//
// It answers "Echo: <last user message>" (streamed word by word when asked to stream, with exact
// usage); model "scenario-slow-stream-<ms>-<n>" streams n tokens <ms> apart. It needs no key.
//
//   node scripts/demo-upstream.mjs
import net from 'node:net';

import { startFakeOpenAI } from '../tests/support/fake_openai.mjs';

const port = Number(process.env.DEMO_UPSTREAM_PORT ?? 18080);

// The fake listens on a free port of its own; a plain TCP relay gives it the fixed one.
const fake = await startFakeOpenAI();
// The fake keeps every request for the tests' assertions; the demo needs none of them.
setInterval(() => fake.clear(), 10_000).unref();

const relay = net.createServer((client) => {
  const upstream = net.connect(fake.port, '127.0.0.1');
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
  client.pipe(upstream).pipe(client);
});
relay.on('error', (err) => {
  console.error(`demo upstream: cannot listen on 127.0.0.1:${port}: ${err.message}`);
  process.exit(1);
});
relay.listen(port, '127.0.0.1', () => {
  console.log(`demo upstream: fake OpenAI API on http://127.0.0.1:${port}/v1 (no key needed)`);
});

const stop = () => {
  relay.close();
  fake.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
