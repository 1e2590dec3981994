// A real redis-server for integration tests, on a free loopback port, without persistence.
// Started and stopped by the test that needs it.

import { spawn } from 'node:child_process';
import net from 'node:net';

import { closedPort } from './fake_openai.mjs';
import { sleep, withTimeout } from './http.mjs';

const REDIS_BIN = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts redis-server; resolves with {port, stop()} once it accepts connections. */
export async function startRedis() {
  const port = await closedPort();
  const proc = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.setEncoding('utf8').on('data', (t) => (output += t));
  proc.stderr.setEncoding('utf8').on('data', (t) => (output += t));
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  const ready = (async () => {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited early:\n${output}`);
      if (await accepts(port)) return;
      await sleep(20);
    }
  })();
  await withTimeout(ready, 5000, 'redis-server start');
  return {
    port,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await withTimeout(exited, 5000, 'redis-server exit').catch(() => proc.kill('SIGKILL'));
    },
  };
}
