// Builds corpus.jsonl: OpenAI chat requests made of real text of several kinds (prose,
// Markdown, C++, JavaScript, JSON, YAML, logs, eight languages) with the prompt_tokens
// OpenAI bills for them on gpt-4o, counted with the o200k_base tokenizer and the
// per-message framing of OpenAI's cookbook ("How to count tokens with tiktoken":
// 3 tokens per message, 1 per name, 3 priming the reply), which the cookbook checks
// against the API's reported usage. Text-only string contents: tools, images and
// content-part arrays are left out because their billing is not published exactly.
//
//   npm install --prefix /tmp/tok gpt-tokenizer@3.4.0
//   NODE_PATH=/tmp/tok/node_modules node tests/data/token_estimate/make_corpus.mjs
//
// Texts are read from this repository at a fixed commit, so the output is reproducible.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.env.NODE_PATH + '/');
const { encode } = require('gpt-tokenizer/cjs/model/gpt-4o');

const COMMIT = 'ec2ebc8';
const file = (path) => execFileSync('git', ['show', `${COMMIT}:${path}`], { encoding: 'utf8' });
const slice = (text, from, bytes) => {
  const start = text.indexOf(from);
  if (start < 0) throw new Error(`not found: ${from}`);
  return text.slice(start, start + bytes);
};

const arch = file('docs/architecture.md');
const bench = file('docs/benchmarks.md');
const conf = file('docs/configuration.md');
const readme = file('README.md');
const yaml = file('config/llmgw.yaml');
const cpp = file('src/json/json_string.cpp');
const js = file('tests/bench/instructions.mjs');
const golden = file('tests/data/golden/gemini/multi_turn_tool_results_image/upstream_response.json');
const goldenReq = file('tests/data/golden/anthropic/tool_results_with_image/client_request.json');

const languages = {
  de: 'Können Sie mir bitte erklären, wie die Ratenbegrenzung in diesem Gateway funktioniert? ' +
    'Ich möchte verstehen, warum meine Anfragen manchmal mit dem Statuscode 429 abgelehnt werden.',
  fr: "Bonjour ! J'aimerais savoir comment configurer un budget mensuel pour mon équipe, " +
    'et ce qui se passe lorsque le budget est épuisé avant la fin du mois.',
  es: 'Necesito un resumen breve de este documento en español, con los puntos principales ' +
    'y una lista de las decisiones que todavía están pendientes.',
  ru: 'Пожалуйста, переведи этот текст на русский язык и объясни, почему ограничение ' +
    'скорости считается по скользящему окну, а не по фиксированной минуте.',
  ja: 'このゲートウェイでは、キーごとに一分あたりのリクエスト数とトークン数を制限できます。' +
    '上限を超えた場合はどうなりますか?詳しく教えてください。',
  zh: '请用简体中文解释一下这个网关如何计算每个请求的费用,以及预算用完之后会发生什么。',
  ko: '이 게이트웨이에서 팀별 예산을 설정하는 방법을 알려주세요. 월말 전에 예산이 소진되면 어떻게 되나요?',
  ar: 'أريد أن أعرف كيف يتم احتساب تكلفة كل طلب، وماذا يحدث عندما تنفد الميزانية الشهرية للفريق.',
};

const logLines = [
  '2024-05-14T10:00:01.250Z INFO request_id=9f1c model=gpt-4o status=200 latency_ms=812 tokens_in=1290 tokens_out=214',
  '2024-05-14T10:00:01.913Z WARN request_id=a01d model=claude-3-5-sonnet status=429 retry_after=6s scope=key',
  '2024-05-14T10:00:02.004Z INFO request_id=a01e model=gemini-1.5-pro status=200 latency_ms=1534 tokens_in=61 tokens_out=88',
  '2024-05-14T10:00:02.771Z ERROR request_id=a01f model=gpt-4o-mini status=502 error=upstream_connect attempt=2',
].join('\n');
const csv = ['date,team,requests,input_tokens,output_tokens,cost_usd',
  '2024-05-01,search,18234,9812331,1200345,41.27', '2024-05-01,support,5120,2211090,880120,12.09',
  '2024-05-02,search,19012,10233410,1310022,43.88', '2024-05-02,support,4988,2190331,861002,11.87'].join('\n');

const short = ['Say hi', "What's the capital of France?", 'Translate "good morning" into Italian.',
  'Write a haiku about rate limits.', 'Is 1,000,003 a prime number?', 'ok', 'Thanks!'];
const systems = ['You are a helpful assistant.', 'You are terse.',
  'You are a senior C++ reviewer. Point out bugs first, style last.',
  'Answer in the language of the question.'];

const requests = [];
const add = (messages, max_tokens) => requests.push({ model: 'gpt-4o', messages, ...(max_tokens ? { max_tokens } : {}) });
const u = (content, name) => ({ role: 'user', content, ...(name ? { name } : {}) });
const s = (content) => ({ role: 'system', content });
const a = (content) => ({ role: 'assistant', content });

short.forEach((q, i) => add(i % 2 ? [s(systems[i % systems.length]), u(q)] : [u(q)], 50 + i));
Object.values(languages).forEach((t, i) => add([s(systems[3]), u(t)], 300 + i));
add([u('Summarise:\n\n' + slice(arch, '## Life of a request', 1800))], 400);
add([s(systems[0]), u('What does this section say about threads?\n\n' + slice(arch, '## Threads', 2400))]);
add([u(slice(readme, '#', 3000) + '\n\nWhat is the quickest way to try this?')], 200);
add([u('Explain this table:\n' + slice(bench, '| scenario', 700))]);
add([u(slice(conf, '#', 6000)), a('That is the configuration reference. What would you like to change?'),
  u('How do I set a per-key RPM?')], 500);
add([s(systems[2]), u('Review this:\n```cpp\n' + slice(cpp, 'namespace', 3500) + '\n```')], 1000);
add([s(systems[2]), u('Any bug here?\n```js\n' + js.slice(0, 2500) + '\n```')], 800);
add([u('Is this valid JSON? ' + golden)]);
add([u('Pretty-print this request and explain it:\n' + goldenReq)], 600);
add([u('Check this YAML for mistakes:\n' + yaml)]);
add([u('Which requests failed and why?\n' + logLines)], 150);
add([u('Which team spent more per request?\n' + csv)], 150);
add([s(systems[1]), u('Tell me a story.', 'ann'), a('Once upon a time a gateway counted tokens.'),
  u('Longer, please.', 'ann')], 2000);
add([u(languages.ja + '\n' + languages.zh + '\n' + languages.ko)], 500);
add([u(languages.de), a(languages.fr), u(languages.es), a(languages.ru), u(languages.ar)]);
for (let i = 0; i < 8; ++i) {
  const turns = [s(systems[i % systems.length])];
  for (let t = 0; t <= i; ++t) {
    turns.push(u(short[(i + t) % short.length] + ' ' + slice(arch, '- **', 200 + 150 * t)));
    turns.push(a(slice(conf, '#', 120 + 90 * t)));
  }
  turns.push(u(short[i % short.length]));
  add(turns, 256);
}

const count = (messages) => 3 + messages.reduce((n, m) =>
  n + 3 + Object.entries(m).reduce((k, [key, v]) => k + encode(v).length + (key === 'name' ? 1 : 0), 0), 0);
const lines = requests.map((r) => JSON.stringify({ prompt_tokens: count(r.messages), body: JSON.stringify(r) }));
writeFileSync(new URL('./corpus.jsonl', import.meta.url), lines.join('\n') + '\n');
console.log(`${lines.length} requests`);
