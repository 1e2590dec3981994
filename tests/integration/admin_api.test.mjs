// The admin API against the real binary: every endpoint's live answers validated against
// docs/admin-api.yaml (JSON Schema 2020-12), bad input, team-admin scoping, rotation grace,
// the approval flow, usage as JSON and CSV after real inference, and revocation across two
// instances that share one redis-server and one state.dir (refused on the other within 1 s).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import OpenAI from 'openai';
import YAML from 'yaml';

import { closedPort, startFakeOpenAI } from '../support/fake_openai.mjs';
import { assertNoSecrets, makeSecrets, secretEnv, startGateway, testConfig } from '../support/gateway.mjs';
import { request, sleep } from '../support/http.mjs';
import { startRedis } from '../support/redis_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DOC = YAML.parse(readFileSync(path.join(here, '..', '..', 'docs', 'admin-api.yaml'), 'utf8'));
const CHAT = '/v1/chat/completions';
const ADMIN_SECRET = `llmgw-test-platform-admin-${Date.now()}`;
const LEAD_SECRET = `llmgw-test-yaml-lead-${Date.now()}`;

// ---- the OpenAPI document as a validator ----

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(DOC, 'admin-api.yaml');
const validators = new Map();
const exercised = new Set(); // "METHOD template status"

function pointer(...parts) {
  return parts.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

function validatorFor(ref) {
  if (!validators.has(ref)) validators.set(ref, ajv.compile({ $ref: `admin-api.yaml#/${ref}` }));
  return validators.get(ref);
}

/** Asserts that `res` is a documented answer of `method template` and matches its schema. */
function checkAgainstDoc(method, template, res) {
  const operation = DOC.paths[template]?.[method.toLowerCase()];
  assert.ok(operation, `${method} ${template} is documented`);
  let response = operation.responses[String(res.status)];
  assert.ok(response, `status ${res.status} of ${method} ${template} is documented: ${res.text}`);
  let base = pointer('paths', template, method.toLowerCase(), 'responses', res.status);
  if (response.$ref) {
    const name = response.$ref.split('/').pop();
    response = DOC.components.responses[name];
    base = pointer('components', 'responses', name);
  }
  const contentType = String(res.headers['content-type'] ?? '').split(';')[0].trim();
  assert.ok(response.content?.[contentType], `${contentType} documented for ${res.status} of ${method} ${template}`);
  const value = contentType === 'application/json' ? JSON.parse(res.text) : res.text;
  const validate = validatorFor(`${base}/${pointer('content', contentType, 'schema')}`);
  assert.ok(validate(value), `${method} ${template} ${res.status} matches the document: ${ajv.errorsText(validate.errors)}\n${res.text}`);
  exercised.add(`${method} ${template} ${res.status}`);
}

describe('admin API', { timeout: 120000 }, () => {
  const secrets = makeSecrets();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'llmgw-admin-'));
  const created = {}; // secrets the API handed out, for the leak check
  let fake;
  let redis;
  let gwA;
  let gwB;
  let adminPort;

  function configFor(redisPort, { admin }) {
    return async (fakePort, refusedPort) => {
      const config = testConfig({ fakePort, refusedPort });
      config.server.workers = 1;
      config.models.push({ name: 'gated-model', approval: 'required', deployments: [{ provider: 'fake', model: 'scenario-normal' }] });
      config.pricing = { providers: { fake: { 'scenario-normal': { input: '1.00', output: '2.00' } } } };
      config.teams = [{ id: 'yaml-team', limits: { rpm: 1000 } }];
      config.keys.push({ id: 'yaml-lead', secret: LEAD_SECRET, team: 'yaml-team', role: 'team_admin' });
      config.state = { dir: stateDir, backend: 'redis', redis: { host: '127.0.0.1', port: redisPort } };
      if (admin) config.admin = { listen: '127.0.0.1:0', secret: '${LLMGW_TEST_ADMIN_KEY}', max_body_bytes: '4KiB' };
      return config;
    };
  }

  async function start(makeConfig) {
    const config = await makeConfig(fake.port, await closedPort());
    return startGateway({ config, env: { ...secretEnv(secrets), LLMGW_TEST_ADMIN_KEY: ADMIN_SECRET } });
  }

  before(async () => {
    fake = await startFakeOpenAI();
    redis = await startRedis();
    gwA = await start(configFor(redis.port, { admin: true }));
    const line = await gwA.waitForLog((j) => j.msg === 'listening' && j.listener === 'admin');
    adminPort = Number(line.address.split(':').pop());
    gwB = await start(configFor(redis.port, { admin: false }));
  });

  after(async () => {
    try {
      for (const gw of [gwA, gwB]) {
        if (gw && !gw.exitInfo) {
          const exit = await gw.stop();
          assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, gw.output());
        }
        if (gw) assertNoSecrets(gw.output(), { ...secrets, admin: ADMIN_SECRET, lead: LEAD_SECRET, ...created }, 'gateway output');
      }
    } finally {
      await gwA?.kill();
      await gwB?.kill();
      await redis?.kill();
      await fake?.close();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  /** One admin call, checked against the document. */
  async function call(method, template, { id, query, body, key = ADMIN_SECRET, headers = {} } = {}) {
    let target = template.replace('{id}', encodeURIComponent(id ?? ''));
    if (query) target += `?${new URLSearchParams(query)}`;
    const auth = key === null ? {} : { authorization: `Bearer ${key}` };
    const res = await request(adminPort, { method, path: target, body, headers: { ...auth, ...headers } });
    checkAgainstDoc(method, template, res);
    for (const value of [ADMIN_SECRET, LEAD_SECRET]) assert.ok(!res.text.includes(value), 'no admin secret echoed');
    return res;
  }

  function expectError(res, status, code) {
    assert.equal(res.status, status, res.text);
    if (code) assert.equal(res.json.error.code, code, res.text);
    assert.ok(res.json.error.message.length > 10);
    return res.json.error;
  }

  function chat(port, key, model = 'gpt-test') {
    return request(port, { method: 'POST', path: CHAT, body: { model, messages: [{ role: 'user', content: 'hi admin' }] }, headers: { authorization: `Bearer ${key}` } });
  }

  test('the admin listener answers health checks and nothing of the inference API', async () => {
    for (const [template, status] of [['/healthz', 200], ['/readyz', 200]]) {
      const res = await call('GET', template, { key: null });
      assert.equal(res.status, status);
    }
    const inference = await request(adminPort, { method: 'POST', path: CHAT, body: {}, headers: { authorization: `Bearer ${ADMIN_SECRET}` } });
    assert.equal(inference.status, 404);
    const admin = await request(gwA.port, { method: 'GET', path: '/admin/v1/keys', headers: { authorization: `Bearer ${ADMIN_SECRET}` } });
    assert.equal(admin.status, 404, 'the admin API is not on the inference port');
  });

  test('callers: no key 401, unknown key 401, an inference key 403', async () => {
    expectError(await call('GET', '/admin/v1/keys', { key: null }), 401);
    const unknown = expectError(await call('GET', '/admin/v1/keys', { key: 'sk-not-a-key-1234' }), 401);
    assert.ok(!unknown.message.includes('sk-not-a-key'));
    expectError(await call('GET', '/admin/v1/keys', { key: secrets.clientKeyA }), 403, 'admin_required');
  });

  test('teams: create, read, list, change, delete; config teams are read-only', async () => {
    const team = await call('POST', '/admin/v1/teams', { body: { id: 'research', limits: { rpm: 100, tpm: 100000 }, budget: { amount: '10.00', period: 'month' }, tags: { cost_center: '42' } } });
    assert.equal(team.status, 201, team.text);
    assert.equal(team.json.budget.amount, '10');
    expectError(await call('POST', '/admin/v1/teams', { body: { id: 'research' } }), 409, 'duplicate_id');
    expectError(await call('POST', '/admin/v1/teams', { body: { id: 'yaml-team' } }), 409, 'duplicate_id');
    expectError(await call('POST', '/admin/v1/teams', { body: { id: 'x', budget: { amount: '-1' } } }), 400);
    expectError(await call('POST', '/admin/v1/teams', { body: { id: 'x', models: ['no-such-model'] } }), 400, 'unknown_model');
    assert.equal((await call('POST', '/admin/v1/teams', { body: { id: 'finance' } })).status, 201);
    const list = await call('GET', '/admin/v1/teams');
    assert.deepEqual(list.json.data.map((t) => t.id), ['finance', 'research', 'yaml-team']);
    assert.equal(list.json.data[2].source, 'config');
    const one = await call('GET', '/admin/v1/teams/{id}', { id: 'yaml-team' });
    assert.equal(one.json.limits.rpm, 1000);
    const patched = await call('PATCH', '/admin/v1/teams/{id}', { id: 'research', body: { tags: { cost_center: '43' } } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.tags.cost_center, '43');
    expectError(await call('PATCH', '/admin/v1/teams/{id}', { id: 'yaml-team', body: { tags: {} } }), 409, 'read_only');
    expectError(await call('DELETE', '/admin/v1/teams/{id}', { id: 'yaml-team' }), 409, 'read_only');
    assert.equal((await call('POST', '/admin/v1/teams', { body: { id: 'scratch' } })).status, 201);
    assert.equal((await call('DELETE', '/admin/v1/teams/{id}', { id: 'scratch' })).status, 200);
    expectError(await call('GET', '/admin/v1/teams/{id}', { id: 'scratch' }), 404, 'not_found');
  });

  let researchKey;
  test('keys: created through the API work for inference at once; the secret is shown once', async () => {
    const res = await call('POST', '/admin/v1/keys', { body: { id: 'r-alice', team: 'research', limits: { rpm: 50 }, models: ['gpt-test', 'gated-model'], budget: { amount: '5', period: 'day' }, expires_at: '2099-01-01T00:00:00Z', tags: { owner: 'alice' } } });
    assert.equal(res.status, 201, res.text);
    researchKey = res.json.secret;
    created.alice = researchKey;
    assert.equal((await chat(gwA.port, researchKey)).status, 200);
    const client = new OpenAI({ apiKey: researchKey, baseURL: `http://127.0.0.1:${gwA.port}/v1`, maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'from the SDK' }] });
    assert.match(answer.choices[0].message.content, /from the SDK/);
    const again = await call('GET', '/admin/v1/keys/{id}', { id: 'r-alice' });
    assert.equal(again.json.secret, undefined, 'never shown again');
    assert.ok(!again.text.includes(researchKey));
    assert.equal(again.json.limits.rpm, 50);
    // The limits stage holds API keys to their own limits like config keys.
    const limited = await call('POST', '/admin/v1/keys', { body: { id: 'r-limited', team: 'research', limits: { rpm: 2 } } });
    created.limited = limited.json.secret;
    assert.equal((await chat(gwA.port, created.limited)).status, 200);
    assert.equal((await chat(gwA.port, created.limited)).status, 200);
    const third = await chat(gwA.port, created.limited);
    assert.equal(third.status, 429, third.text);
    assert.match(third.json.error.message, /r-limited/);
    // model_limits hold each model apart (the key × model scope): one request per minute on
    // gpt-test leaves tools free, and a PATCH raises it at once.
    const perModel = await call('POST', '/admin/v1/keys', { body: { id: 'r-per-model', team: 'research', model_limits: { rpm: 1 } } });
    assert.equal(perModel.status, 201, perModel.text);
    assert.deepEqual(perModel.json.model_limits, { rpm: 1, tpm: 0, max_parallel: 0 });
    assert.equal((await chat(gwA.port, perModel.json.secret)).status, 200);
    const second = await chat(gwA.port, perModel.json.secret);
    assert.equal(second.status, 429, second.text);
    assert.match(second.json.error.message, /gpt-test/);
    assert.equal((await chat(gwA.port, perModel.json.secret, 'tools')).status, 200);
    const raised = await call('PATCH', '/admin/v1/keys/{id}', { id: 'r-per-model', body: { model_limits: { rpm: 5 } } });
    assert.equal(raised.json.model_limits.rpm, 5);
    assert.equal((await chat(gwA.port, perModel.json.secret)).status, 200);
    const generated = await call('POST', '/admin/v1/keys', { body: {} });
    assert.equal(generated.status, 201);
    assert.match(generated.json.id, /^key-[0-9a-f]{16}$/);
    created.generated = generated.json.secret;
    const list = await call('GET', '/admin/v1/keys', { query: { limit: 2 } });
    assert.equal(list.json.data.length, 2);
    assert.equal(list.json.has_more, true);
    const next = await call('GET', '/admin/v1/keys', { query: { limit: 2, after: list.json.data[1].id } });
    assert.ok(next.json.data[0].id > list.json.data[1].id, 'keyset paging continues after the last id');
    const all = await call('GET', '/admin/v1/keys', { query: { limit: 500 } });
    const ids = all.json.data.map((k) => k.id);
    assert.ok(ids.includes('r-alice') && ids.includes('team-a') && ids.includes('yaml-lead'), ids.join());
    assert.equal(all.json.data.find((k) => k.id === 'team-a').source, 'config');
  });

  test('keys: bad input is a 4xx that names the problem', async () => {
    const cases = [
      [{ id: 'k1', limtis: { rpm: 1 } }, 400, 'unknown_field'],
      [{ id: 'k1', limits: { rpm: 1, burst: 2 } }, 400, 'unknown_field'],
      [{ id: 'k1', limits: { rpm: 'ten' } }, 400, 'invalid_value'],
      [{ id: 'k1', limits: { tpm: -5 } }, 400, 'invalid_value'],
      [{ id: 'k1', model_limits: { rpm: -1 } }, 400, 'invalid_value'],
      [{ id: 'k1', model_limits: { per_hour: 1 } }, 400, 'unknown_field'],
      [{ id: 'k1', budget: { amount: '-3.00' } }, 400, 'invalid_value'],
      [{ id: 'k1', budget: { amount: 3 } }, 400, 'invalid_value'],
      [{ id: 'k1', models: 'gpt-test' }, 400, 'invalid_value'],
      [{ id: 'k1', models: ['nope'] }, 400, 'unknown_model'],
      [{ id: 'k1', team: 'nobody' }, 400, 'unknown_team'],
      [{ id: 'k1', team: 'research', limits: { rpm: 500 } }, 400, 'wider_than_team'],
      [{ id: 'k1', team: 'research', budget: { amount: '11' } }, 400, 'wider_than_team'],
      [{ id: 'k1', secret: 'sk-chosen-by-client' }, 400, 'invalid_value'],
      [{ id: 'not an id' }, 400, 'invalid_value'],
      [{ id: 'k1', expires_at: 'soon' }, 400, 'invalid_value'],
      [{ id: 'r-alice' }, 409, 'duplicate_id'],
      [{ id: 'team-a' }, 409, 'duplicate_id'],
    ];
    for (const [body, status, code] of cases) {
      const e = expectError(await call('POST', '/admin/v1/keys', { body }), status, code);
      assert.ok(!e.message.includes('sk-chosen'), e.message);
    }
    const malformed = await call('POST', '/admin/v1/keys', { body: '{"id": ', headers: { 'content-type': 'application/json' } });
    expectError(malformed, 400, 'invalid_json');
    expectError(await call('POST', '/admin/v1/keys', { body: { id: 'big', tags: { pad: 'x'.repeat(200) }, x: 'y'.repeat(5000) } }), 413);
    expectError(await call('GET', '/admin/v1/keys/{id}', { id: 'no-such-key' }), 404, 'not_found');
    expectError(await call('PATCH', '/admin/v1/keys/{id}', { id: 'no-such-key', body: {} }), 404, 'not_found');
    expectError(await call('DELETE', '/admin/v1/keys/{id}', { id: 'no-such-key' }), 404, 'not_found');
    expectError(await call('PATCH', '/admin/v1/keys/{id}', { id: 'team-a', body: { tags: {} } }), 409, 'read_only');
    expectError(await call('DELETE', '/admin/v1/keys/{id}', { id: 'team-a' }), 409, 'read_only');
    expectError(await call('POST', '/admin/v1/keys/{id}/rotate', { id: 'team-a' }), 409, 'read_only');
    expectError(await call('PATCH', '/admin/v1/keys/{id}', { id: 'r-alice', body: { team: 'finance' } }), 400);
    expectError(await call('GET', '/admin/v1/keys', { query: { colour: 'red' } }), 400, 'unknown_parameter');
    expectError(await call('GET', '/admin/v1/keys', { query: { limit: '0' } }), 400);
    expectError(await call('GET', '/admin/v1/keys', { query: { limit: '501' } }), 400);
    const wrongMethod = await request(adminPort, { method: 'PUT', path: '/admin/v1/keys/r-alice', headers: { authorization: `Bearer ${ADMIN_SECRET}` } });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.allow, 'GET, PATCH, DELETE');
    const unknownUrl = await request(adminPort, { method: 'GET', path: '/admin/v1/widgets', headers: { authorization: `Bearer ${ADMIN_SECRET}` } });
    assert.equal(unknownUrl.status, 404);
    const patched = await call('PATCH', '/admin/v1/keys/{id}', { id: 'r-alice', body: { limits: { rpm: 40 }, budget: null, tags: { owner: 'alice', env: 'prod' } } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.limits.rpm, 40);
    assert.equal(patched.json.budget, null);
    expectError(await call('PATCH', '/admin/v1/teams/{id}', { id: 'research', body: { limits: { rpm: 10 } } }), 409, 'keys_wider_than_team');
  });

  let leadKey;
  test('a team admin manages only its own team', async () => {
    const lead = await call('POST', '/admin/v1/keys', { body: { id: 'research-lead', team: 'research', role: 'team_admin' } });
    assert.equal(lead.status, 201, lead.text);
    leadKey = lead.json.secret;
    created.lead = leadKey;
    const finance = await call('POST', '/admin/v1/keys', { body: { id: 'f-bob', team: 'finance' } });
    assert.equal(finance.status, 201);
    created.bob = finance.json.secret;

    const own = await call('POST', '/admin/v1/keys', { key: leadKey, body: { id: 'r-carol' } });
    assert.equal(own.status, 201, own.text);
    assert.equal(own.json.team, 'research', 'a team admin creates in its own team by default');
    created.carol = own.json.secret;
    expectError(await call('POST', '/admin/v1/keys', { key: leadKey, body: { id: 'f-eve', team: 'finance' } }), 403, 'other_team');
    expectError(await call('POST', '/admin/v1/keys', { key: leadKey, body: { id: 'r-boss', role: 'team_admin' } }), 403, 'platform_admin_required');
    expectError(await call('GET', '/admin/v1/keys/{id}', { key: leadKey, id: 'f-bob' }), 403, 'other_team');
    expectError(await call('PATCH', '/admin/v1/keys/{id}', { key: leadKey, id: 'f-bob', body: { tags: {} } }), 403, 'other_team');
    expectError(await call('DELETE', '/admin/v1/keys/{id}', { key: leadKey, id: 'f-bob' }), 403, 'other_team');
    expectError(await call('POST', '/admin/v1/keys/{id}/rotate', { key: leadKey, id: 'f-bob' }), 403, 'other_team');
    expectError(await call('GET', '/admin/v1/keys', { key: leadKey, query: { team: 'finance' } }), 403, 'other_team');
    expectError(await call('POST', '/admin/v1/teams', { key: leadKey, body: { id: 'mine' } }), 403, 'platform_admin_required');
    expectError(await call('GET', '/admin/v1/teams/{id}', { key: leadKey, id: 'finance' }), 403, 'other_team');
    expectError(await call('GET', '/admin/v1/usage', { key: leadKey, query: { group_by: 'key', from: '0', to: String(Date.now() + 3600e3), team: 'finance' } }), 403, 'other_team');
    const listed = await call('GET', '/admin/v1/keys', { key: leadKey, query: { limit: 500 } });
    assert.deepEqual(listed.json.data.map((k) => k.id).sort(), ['r-alice', 'r-carol', 'r-limited', 'r-per-model', 'research-lead']);
    const teams = await call('GET', '/admin/v1/teams', { key: leadKey });
    assert.deepEqual(teams.json.data.map((t) => t.id), ['research']);
    // A config-file team admin is scoped the same way.
    expectError(await call('GET', '/admin/v1/keys/{id}', { key: LEAD_SECRET, id: 'r-alice' }), 403, 'other_team');
    const yamlOwn = await call('POST', '/admin/v1/keys', { key: LEAD_SECRET, body: { id: 'y-dave' } });
    assert.equal(yamlOwn.json.team, 'yaml-team');
    created.dave = yamlOwn.json.secret;
  });

  test('rotation: the old secret works through the grace period, then stops', async () => {
    const key = await call('POST', '/admin/v1/keys', { body: { id: 'rotating', team: 'research' } });
    const oldSecret = key.json.secret;
    created.rotatingOld = oldSecret;
    expectError(await call('POST', '/admin/v1/keys/{id}/rotate', { id: 'rotating', body: { grace_seconds: -1 } }), 400);
    const rotated = await call('POST', '/admin/v1/keys/{id}/rotate', { id: 'rotating', body: { grace_seconds: 2 } });
    assert.equal(rotated.status, 200, rotated.text);
    const rotatedAt = Date.now();
    const newSecret = rotated.json.secret;
    created.rotatingNew = newSecret;
    assert.notEqual(newSecret, oldSecret);
    assert.ok(rotated.json.previous_secret_expires_at);
    assert.equal((await chat(gwA.port, newSecret)).status, 200);
    assert.equal((await chat(gwA.port, oldSecret)).status, 200, 'old secret inside the grace period');
    await sleep(Math.max(0, rotatedAt + 2100 - Date.now()));
    const refused = await chat(gwA.port, oldSecret);
    assert.equal(refused.status, 401, refused.text);
    assert.equal((await chat(gwA.port, newSecret)).status, 200);
  });

  test('approval: refused with the pending request named, rejected stays refused, approved passes', async () => {
    const before = await chat(gwA.port, researchKey, 'gated-model');
    assert.equal(before.status, 403, before.text);
    assert.equal(before.json.error.code, 'model_approval_required');
    assert.match(before.json.error.message, /gated-model/);
    assert.match(before.json.error.message, /access-requests/);

    expectError(await call('POST', '/admin/v1/access-requests', { key: leadKey, body: { model: 'gpt-test' } }), 409, 'approval_not_required');
    expectError(await call('POST', '/admin/v1/access-requests', { key: leadKey, body: { model: 'nope' } }), 400, 'unknown_model');
    expectError(await call('POST', '/admin/v1/access-requests', { key: leadKey, body: { model: 'gated-model', team: 'finance' } }), 403, 'other_team');
    expectError(await call('POST', '/admin/v1/access-requests', { body: { model: 'gated-model' } }), 400);
    const first = await call('POST', '/admin/v1/access-requests', { key: leadKey, body: { model: 'gated-model', reason: 'evaluation' } });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.status, 'pending');
    expectError(await call('POST', '/admin/v1/access-requests', { key: leadKey, body: { model: 'gated-model' } }), 409, 'already_pending');
    const pending = await chat(gwA.port, researchKey, 'gated-model');
    assert.equal(pending.status, 403);
    assert.ok(pending.json.error.message.includes(first.json.id), pending.text);
    assert.match(pending.json.error.message, /pending/);

    expectError(await call('POST', '/admin/v1/access-requests/{id}/approve', { key: leadKey, id: first.json.id }), 403, 'platform_admin_required');
    const rejected = await call('POST', '/admin/v1/access-requests/{id}/reject', { id: first.json.id, body: { reason: 'not yet' } });
    assert.equal(rejected.status, 200, rejected.text);
    assert.equal(rejected.json.status, 'rejected');
    expectError(await call('POST', '/admin/v1/access-requests/{id}/approve', { id: first.json.id }), 409, 'conflict');
    const stillRefused = await chat(gwA.port, researchKey, 'gated-model');
    assert.equal(stillRefused.status, 403);
    assert.match(stillRefused.json.error.message, /rejected/);

    const second = await call('POST', '/admin/v1/access-requests', { key: leadKey, body: { model: 'gated-model' } });
    assert.equal(second.status, 201, second.text);
    const approved = await call('POST', '/admin/v1/access-requests/{id}/approve', { id: second.json.id });
    assert.equal(approved.json.status, 'approved');
    assert.equal(approved.json.decided_by, 'admin');
    assert.equal((await chat(gwA.port, researchKey, 'gated-model')).status, 200);
    expectError(await call('POST', '/admin/v1/access-requests', { key: leadKey, body: { model: 'gated-model' } }), 409, 'already_approved');
    // Another team is still refused.
    assert.equal((await chat(gwA.port, created.bob, 'gated-model')).status, 403);

    const list = await call('GET', '/admin/v1/access-requests', { key: leadKey });
    assert.equal(list.json.data.length, 2);
    const onlyApproved = await call('GET', '/admin/v1/access-requests', { query: { status: 'approved' } });
    assert.deepEqual(onlyApproved.json.data.map((r) => r.id), [second.json.id]);
    expectError(await call('GET', '/admin/v1/access-requests', { query: { status: 'maybe' } }), 400);
    const one = await call('GET', '/admin/v1/access-requests/{id}', { key: leadKey, id: first.json.id });
    assert.equal(one.json.decision_reason, 'not yet');
    expectError(await call('GET', '/admin/v1/access-requests/{id}', { id: 'ar-none' }), 404);
  });

  test('usage: JSON and CSV after real inference; a team admin sees its team only', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await chat(gwA.port, created.bob)).status, 200);
    const window = { from: '0', to: String(Date.now() + 3600e3) };
    let byKey;
    const deadline = Date.now() + 5000;
    for (;;) { // spend records are written in batches by their own thread
      byKey = await call('GET', '/admin/v1/usage', { query: { group_by: 'key', ...window } });
      assert.equal(byKey.status, 200, byKey.text);
      if (byKey.json.data.some((r) => r.group === 'f-bob' && r.requests === 3)) break;
      assert.ok(Date.now() < deadline, `spend rows for f-bob: ${byKey.text}`);
      await sleep(100);
    }
    const bob = byKey.json.data.find((r) => r.group === 'f-bob');
    assert.ok(bob.input_tokens > 0 && bob.output_tokens > 0);
    assert.equal(BigInt(bob.cost_pico), BigInt(bob.input_tokens) * 1_000_000n + BigInt(bob.output_tokens) * 2_000_000n);
    const byTeam = await call('GET', '/admin/v1/usage', { query: { group_by: 'team', granularity: 'hour', ...window } });
    assert.ok(byTeam.json.data.some((r) => r.group === 'finance'));
    const csv = await call('GET', '/admin/v1/usage', { query: { group_by: 'model', ...window }, headers: { accept: 'text/csv' } });
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    assert.match(lines[0], /^bucket_start,model,requests,/);
    assert.ok(lines.some((l) => l.includes(',gpt-test,')), csv.text);
    const csv2 = await call('GET', '/admin/v1/usage', { query: { group_by: 'key', format: 'csv', ...window } });
    assert.ok(csv2.text.includes(',f-bob,3,'), csv2.text);
    const mine = await call('GET', '/admin/v1/usage', { key: leadKey, query: { group_by: 'key', ...window } });
    assert.equal(mine.json.team, 'research');
    assert.ok(mine.json.data.length > 0);
    assert.ok(mine.json.data.every((r) => r.group !== 'f-bob'), mine.text);
    expectError(await call('GET', '/admin/v1/usage', { query: { group_by: 'colour', ...window } }), 400);
    expectError(await call('GET', '/admin/v1/usage', { query: { group_by: 'key', from: 'yesterday', to: window.to } }), 400);
    expectError(await call('GET', '/admin/v1/usage', { query: { group_by: 'key', ...window, format: 'xml' } }), 400);
  });

  test('revocation: a key revoked on A is refused on B within 1 s', async (t) => {
    const key = await call('POST', '/admin/v1/keys', { body: { id: 'shared', team: 'research' } });
    const secret = key.json.secret;
    created.shared = secret;
    // B learns of the new key over Redis and reloads from the shared store.
    const learnDeadline = Date.now() + 2000;
    while ((await chat(gwB.port, secret)).status !== 200) {
      assert.ok(Date.now() < learnDeadline, 'B accepts a key created on A');
      await sleep(25);
    }
    // The clock starts before the revocation is sent: A's own reload and announcement count.
    const revokedAt = performance.now();
    const revoked = await call('DELETE', '/admin/v1/keys/{id}', { id: 'shared' });
    assert.equal(revoked.status, 200);
    assert.ok(revoked.json.revoked_at);
    let res;
    for (;;) {
      res = await chat(gwB.port, secret);
      if (res.status === 401) break;
      assert.ok(performance.now() - revokedAt < 1000, `still accepted on B ${performance.now() - revokedAt} ms after revocation`);
      await sleep(10);
    }
    const elapsed = performance.now() - revokedAt;
    assert.ok(elapsed < 1000, `refused on B after ${elapsed} ms`);
    t.diagnostic(`refused on B ${elapsed.toFixed(1)} ms after the revocation was sent to A`);
    assert.match(res.json.error.message, /'shared' has been revoked/);
    assert.equal((await chat(gwA.port, secret)).status, 401);
    const again = await call('DELETE', '/admin/v1/keys/{id}', { id: 'shared' });
    assert.equal(again.status, 200, 'revoking twice is not an error');
    expectError(await call('PATCH', '/admin/v1/keys/{id}', { id: 'shared', body: { tags: {} } }), 409, 'conflict');
    const withRevoked = await call('GET', '/admin/v1/keys', { query: { include_revoked: 'true', team: 'research' } });
    assert.ok(withRevoked.json.data.some((k) => k.id === 'shared'));
    const withoutRevoked = await call('GET', '/admin/v1/keys', { query: { team: 'research' } });
    assert.ok(!withoutRevoked.json.data.some((k) => k.id === 'shared'));
    expectError(await call('DELETE', '/admin/v1/teams/{id}', { id: 'finance' }), 409, 'team_not_empty');
  });

  test('every documented operation was exercised with a success answer', () => {
    const missing = [];
    for (const [template, item] of Object.entries(DOC.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters') continue;
        const success = Object.keys(operation.responses).filter((s) => s.startsWith('2'));
        if (!success.some((s) => exercised.has(`${method.toUpperCase()} ${template} ${s}`))) {
          missing.push(`${method.toUpperCase()} ${template}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });
});
