// A real redis-server for the tests, on a free loopback port, without persistence (a kill
// loses everything, as the tests expect). Every wait is bounded.

import { spawn } from 'node:child_process';
import net from 'node:net';

import { closedPort } from './fake_openai.mjs';
import { sleep, withTimeout } from './http.mjs';

export const REDIS_BIN = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** One round trip of PING; true when Redis answers PONG. */
function ping(port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      text += d;
      if (text.includes('\r\n')) done(text.startsWith('+PONG'));
    });
  });
}

/**
 * Starts redis-server on `port` (a free one when omitted). Returns a handle whose kill()
 * SIGKILLs it and whose restart() starts a new one on the same port.
 */
export async function startRedis({ port } = {}) {
  const handle = { port: port ?? (await closedPort()), proc: null, output: '' };
  handle.start = async () => {
    const proc = spawn(REDIS_BIN, ['--port', String(handle.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    handle.proc = proc;
    proc.stdout.on('data', (d) => (handle.output += d));
    proc.stderr.on('data', (d) => (handle.output += d));
    const exited = new Promise((resolve) => proc.on('exit', resolve));
    handle.exited = exited;
    const deadline = Date.now() + 5000;
    while (!(await ping(handle.port))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        throw new Error(`redis-server on port ${handle.port} did not start\n${handle.output}`);
      }
      await sleep(20);
    }
  };
  /** SIGKILL: no shutdown, no goodbye to the clients. */
  handle.kill = async () => {
    const proc = handle.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGKILL');
    await withTimeout(handle.exited, 5000, 'redis-server exit');
  };
  handle.restart = async () => {
    await handle.kill();
    await handle.start();
  };
  await handle.start();
  return handle;
}
