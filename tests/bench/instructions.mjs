// Instructions per request, counted by callgrind: repeatable on a busy machine, where
// wall-clock benchmarks are not. Compares gateway binaries on the same requests.
//
//   node tests/bench/instructions.mjs build/llmgw [other/llmgw ...]
//
// Each binary runs under `valgrind --tool=callgrind` twice per scenario, once with N1 and
// once with N2 sequential keep-alive requests; (I(N2) - I(N1)) / (N2 - N1) cancels start-up
// and shutdown and leaves the cost of one request. Scenarios cover the OpenAI fast path
// (non-streamed and streamed). Knobs: INSN_N1 (50), INSN_N2 (250), INSN_GOVERNANCE=1 (the
// bench key gets RPM, TPM and a monthly budget, all far above what the run uses, on the
// memory backend, and the model a price: the cost of limits and budgets when they are on),
// INSN_KEEP=1 (keep the callgrind output files).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { startFakeOpenAI } from '../support/fake_openai.mjs';
import { toYaml } from '../support/gateway.mjs';
import { apiPort, BENCH_ENV, benchConfig, postChat } from './bench_gateway.mjs';

const N1 = Number(process.env.INSN_N1 ?? 50);
const N2 = Number(process.env.INSN_N2 ?? 250);
const binaries = process.argv.slice(2);
if (binaries.length === 0) {
  console.error('usage: node tests/bench/instructions.mjs <llmgw binary> [...]');
  process.exit(2);
}

const GOVERNANCE = process.env.INSN_GOVERNANCE === '1';
const SCENARIOS = [
  { name: 'chat, non-streamed', stream: false },
  { name: 'chat, streamed (with usage)', stream: true },
];

function startUnderCallgrind(bin, configFile, outFile) {
  const child = spawn(
    'valgrind',
    ['--tool=callgrind', `--callgrind-out-file=${outFile}`, bin, '--config', configFile],
    {
      env: { ...process.env, ...BENCH_ENV },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const port = apiPort(child, 120000);
  return { child, port };
}

function totalInstructions(file) {
  const text = readFileSync(file, 'utf8');
  const m = text.match(/^(?:summary|totals):\s+(\d+)/m);
  if (!m) throw new Error(`no totals in ${file}`);
  return Number(m[1]);
}

async function measure(bin, scenario, requests, dir, upstreamPort) {
  const configFile = path.join(dir, 'llmgw.yaml');
  writeFileSync(configFile, toYaml(benchConfig(upstreamPort, { governance: GOVERNANCE })));
  const outFile = path.join(dir, `callgrind.${Date.now()}.out`);
  const { child, port } = startUnderCallgrind(bin, configFile, outFile);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const body = JSON.stringify({
      model: 'bench',
      stream: scenario.stream,
      ...(scenario.stream ? { stream_options: { include_usage: true } } : {}),
      messages: [{ role: 'user', content: 'measure me' }],
    });
    const listening = await port;
    for (let i = 0; i < requests; i++) await postChat(agent, listening, body);
    agent.destroy();
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  // callgrind appends the pid to the file name of forked children; the main one is exact.
  const file = readdirSync(dir).map((f) => path.join(dir, f)).find((f) => f === outFile);
  return totalInstructions(file);
}

const fake = await startFakeOpenAI({ keepAliveTimeoutMs: 120000 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'llmgw-insn-'));
const rows = [];
try {
  for (const scenario of SCENARIOS) {
    for (const bin of binaries) {
      const small = await measure(bin, scenario, N1, dir, fake.port);
      const large = await measure(bin, scenario, N2, dir, fake.port);
      fake.clear();
      rows.push({ scenario: scenario.name, bin, perRequest: Math.round((large - small) / (N2 - N1)) });
      console.error(`[insn] ${scenario.name} ${bin}: ${rows.at(-1).perRequest} instructions/request`);
    }
  }
} finally {
  await fake.close();
  // INSN_KEEP=1 keeps the callgrind files for callgrind_annotate (the path is printed).
  if (process.env.INSN_KEEP === '1') console.error(`[insn] kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

console.log(`| scenario | binary | instructions / request |`);
console.log(`|---|---|---:|`);
for (const r of rows) console.log(`| ${r.scenario} | ${r.bin} | ${r.perRequest.toLocaleString('en-US')} |`);
