// Runs the test fake OpenAI upstream as its own process for the benchmark.
// Prints {"port": N} on stdout once listening; exits on SIGTERM/SIGINT.
import { startFakeOpenAI } from '../support/fake_openai.mjs';

const fake = await startFakeOpenAI({ keepAliveTimeoutMs: 120000 });
// The benchmark never inspects requests: do not keep them.
setInterval(() => fake.clear(), 1000).unref();
process.stdout.write(`${JSON.stringify({ port: fake.port })}\n`);
const stop = async () => {
  await fake.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
