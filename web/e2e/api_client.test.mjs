// A whole round through the API only, by a client generated from the document the server
// serves: the types come from this server's live /api/v1/openapi.json (openapi-typescript, no
// checked-in copy), web/api-client/round.ts is type-checked and compiled against them with tsc
// (a drift between the document and the script fails here), then run with the users' API tokens
// (made the way a user makes one: signed in, on her account page). The round's end state is then
// read back through the API: the decision published, the plan in the record with the goal it was
// submitted with, its package, the firm it supported and the goal's progress from the quarter
// measured.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, startServer } from './server.mjs';

const run = promisify(execFile);
const WEB = path.join(REPO_ROOT, 'web');
const BIN = path.join(WEB, 'node_modules', '.bin');
const PASSWORD = 'Sandan#2026plan';
// A round whose package years (2024–2026) have begun, so a quarter's execution can be recorded.
const YEAR = 2023;

const USERS = [
  { login: 'admin', name: '관리자', role: 'program-office', write: ['record', 'evaluation'] },
  { login: 'lee', name: '이주무관', role: 'provincial-officer:부산', write: ['proposals', 'package', 'results'] },
  { login: 'choi', name: '최주무관', role: 'provincial-officer:울산', write: ['proposals', 'package', 'results'] },
  { login: 'eval1', name: '한평가', role: 'evaluator', write: ['evaluation'] },
  { login: 'eval2', name: '두평가', role: 'evaluator', write: ['evaluation'] },
];

/** The cookies a response sets, as one Cookie header merged over `jar`. */
function remember(jar, response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, value] = pair.split('=');
    jar.set(name.trim(), value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

/** Signs `login` in through the form and makes a token writing `areas` on her account page. */
async function tokenFor(server, { login, write }) {
  const jar = new Map();
  const signIn = await fetch(server.url('/sign-in'));
  let cookie = remember(jar, signIn);
  const form = new URLSearchParams({ csrf: csrfOf(await signIn.text()) ?? '', next: '/account', login, password: PASSWORD });
  const signedIn = await fetch(server.url('/sign-in'), { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
  assert.equal(signedIn.status, 303, `${login} signs in`);
  cookie = remember(jar, signedIn);
  const account = await (await fetch(server.url('/account'), { headers: { cookie } })).text();
  const made = new URLSearchParams({ csrf: csrfOf(account) ?? '', name: '대개조 API 점검', days: '30' });
  for (const area of write) made.append('write', area);
  const answer = await fetch(server.url('/account/tokens'), { method: 'POST', body: made, headers: { cookie } });
  const page = await answer.text();
  assert.equal(answer.status, 200, `${login}'s token`);
  const token = /지금 한 번만 보여 드립니다: ([A-Za-z0-9_\-.]+)/.exec(page)?.[1];
  assert.ok(token, `${login}'s token is shown once`);
  return token;
}

async function api(server, token, p) {
  const response = await fetch(server.url(p), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await response.json();
  assert.equal(response.status, 200, `GET ${p}: ${JSON.stringify(body)}`);
  return body;
}

describe('a whole round through the API, by a client generated from the served document', () => {
  let server;
  let build;
  const tokens = {};
  before(async () => {
    server = await startServer({ users: USERS.map(({ login, name, role }) => ({ login, name, role, password: PASSWORD })) });
    for (const user of USERS) tokens[user.login] = await tokenFor(server, user);
    // Inside web/ so that the compiled script finds openapi-fetch in web/node_modules.
    build = await mkdtemp(path.join(WEB, 'api-client', '.build-'));
  });
  after(async () => {
    await server?.stop();
    if (build) await rm(build, { recursive: true, force: true });
  });

  let outcome;

  it('generates the types from the live document, type-checks the script against them and runs it', async () => {
    const documentUrl = server.url('/api/v1/openapi.json');
    const served = await (await fetch(documentUrl)).json();
    assert.ok(served.paths['/api/v1/rounds/{year}/call'], 'the served document lists the call API');
    const schema = path.join(build, 'schema.d.ts');
    await run(path.join(BIN, 'openapi-typescript'), [documentUrl, '--output', schema], { cwd: WEB });
    const types = await readFile(schema, 'utf8');
    assert.match(types, /"\/api\/v1\/rounds\/\{year\}\/evaluation\/start"/, 'the types are this server\'s');
    await copyFile(path.join(WEB, 'api-client', 'round.ts'), path.join(build, 'round.ts'));
    const tsc = ['--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck'];
    try {
      await run(path.join(BIN, 'tsc'), [...tsc, '--noEmit', path.join(build, 'round.ts')], { cwd: WEB });
      await run(path.join(BIN, 'tsc'), [...tsc, '--outDir', path.join(build, 'out'), path.join(build, 'round.ts')], { cwd: WEB });
    } catch (e) {
      assert.fail(`round.ts does not type-check against the served document:\n${e.stdout}${e.stderr}`);
    }
    const env = {
      ...process.env,
      SANDAN_URL: server.baseUrl,
      SANDAN_YEAR: String(YEAR),
      SANDAN_TOKENS: JSON.stringify({
        office: tokens.admin,
        provinces: { busan: tokens.lee, ulsan: tokens.choi },
        evaluators: { eval1: tokens.eval1, eval2: tokens.eval2 },
      }),
    };
    let ran;
    try {
      ran = await run(process.execPath, [path.join(build, 'out', 'round.js')], { cwd: WEB, env });
    } catch (e) {
      assert.fail(`the round stopped:\n${e.stdout}${e.stderr}`);
    }
    outcome = JSON.parse(ran.stdout.trim().split('\n').at(-1));
    assert.equal(outcome.confirmed, 'busan', `부산 scored higher with every evaluator: ${ran.stdout}`);
  });

  it('leaves the decision published, the plan in the record, its package funded, its firm registered and its goal measured', async () => {
    assert.ok(outcome, 'the round ran');
    // Anyone reads the published decisions.
    const decisions = await api(server, null, `/api/v1/rounds/${YEAR}/decisions`);
    const meeting = decisions.meetings.find((m) => m.id === outcome.meeting);
    assert.ok(meeting?.published_at, 'the meeting is published');
    assert.deepEqual(
      meeting.decisions.map((d) => [d.kind, d.region]),
      [['preliminary_selection', '부산'], ['final_confirmation', '부산']],
    );
    const plan = await api(server, null, `/api/v1/rounds/${YEAR}/plans/busan`);
    assert.match(JSON.stringify(plan), /첨단 제조와 일자리가 함께 자라는 부산/, 'the confirmed plan is in the record');
    const project = await api(server, null, `/api/v1/package/projects/${outcome.project}`);
    assert.equal(project.total, 3_000_000_000);
    assert.equal(project.executed, 500_000_000);
    const firms = await api(server, tokens.lee, `/api/v1/rounds/${YEAR}/plans/busan/results/firms`);
    assert.deepEqual(
      firms.map((f) => [f.number, f.project]),
      [[outcome.firm, project.name]],
      'the supported firm is in the plan\'s register',
    );
    // The goal as submitted, tracked from its 기준값: 14조 원 measured is 2조 of the 5조 원 증대.
    const production = plan.plan.goals[outcome.goal];
    assert.deepEqual(
      production.statements.map((s) => [s.place, s.text]),
      [['submitted', `생산액 5조 원 증대 (${YEAR + 3}년)`]],
    );
    const results = await api(server, null, `/api/v1/rounds/${YEAR}/plans/busan/results`);
    const tracked = results.goals.find((g) => g.no === outcome.goal);
    assert.deepEqual(
      [tracked.baseline, tracked.target, tracked.latest?.value, tracked.latest?.quarter, tracked.progress_permille],
      ['12조 원', '5조 원', '14조 원', `${YEAR + 2}-Q4`, 400],
      JSON.stringify(tracked),
    );
    const panel = await api(server, tokens.admin, `/api/v1/rounds/${YEAR}/evaluation`);
    assert.equal(panel.stage, 'closed');
    assert.ok(panel.assignments.every((a) => a.sheet === 'submitted'));
  });
});
