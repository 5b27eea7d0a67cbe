// One whole round of 산업단지 대개조, driven through Sandan's API only, by a client typed from the
// server's own OpenAPI document: `schema.d.ts` beside this file is generated from the running
// server's /api/v1/openapi.json (openapi-typescript) just before this file is type-checked and
// compiled, so a drift between the document and this script fails the type check.
//
//   the office opens the round and sets its call → two provinces write and submit their plans
//   (부산's with a production goal and its 기준값) → the office sets the framework, appoints two
//   evaluators, starts the panel → each evaluator scores and submits every plan → the office
//   closes the panel → a committee meeting confirms the top plan and is published, the plan's
//   goals with it → the province adds a package project, plans its budget and records a
//   quarter's execution → the province registers a firm the project supported → the province
//   records a quarter's production for the plan's goal.
//
// Input (environment): SANDAN_URL, SANDAN_YEAR, SANDAN_TOKENS = JSON
//   { "office": "…", "provinces": { "busan": "…", "ulsan": "…" }, "evaluators": { "eval1": "…", … } }
// Output: one JSON line on stdout saying what was made (region confirmed, meeting, project,
// firm, the goal measured).

import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

type Schemas = components['schemas'];

const base = need('SANDAN_URL');
const year = Number(need('SANDAN_YEAR'));
const yearParam = String(year);
const tokens = JSON.parse(need('SANDAN_TOKENS')) as {
  office: string;
  provinces: Record<string, string>;
  evaluators: Record<string, string>;
};

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** A client that calls the API with `token` (Authorization: Bearer). */
function as(token: string) {
  return createClient<paths>({ baseUrl: base, headers: { Authorization: `Bearer ${token}` } });
}

/** The answer's body, or an error naming the step, the status and the server's message. */
function ok<T>(step: string, answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) {
    throw new Error(`${step}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  }
  return answer.data;
}

function etagOf(step: string, response: Response): string {
  const tag = response.headers.get('etag');
  if (!tag) throw new Error(`${step}: no ETag`);
  return tag;
}

/** A day in Seoul `offsetDays` from today, as YYYY-MM-DD (the server's deadlines are in KST). */
function seoulDay(offsetDays: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

const office = as(tokens.office);

/** The provinces that apply: hubs begun over 20 years ago, two 연계지역 each. */
const APPLICANTS = [
  { slug: 'busan', name: '부산', hub: 'myeongji-noksan', linked: ['sasang', 'sinpyeong-jangnim'] },
  { slug: 'ulsan', name: '울산', hub: 'ulsan-mipo', linked: ['ulsan-techno', 'maegok'] },
] as const;

/** 부산's measured goal: 생산액 5조 원 증대 from 12조 원 in the year before the call. */
const PRODUCTION: Schemas['ProposedGoal'] = {
  metric: '생산액',
  kind: 'increase',
  measures: 'production',
  baseline: '12조원',
  baseline_year: year - 1,
  target: '5조원',
  target_year: year + 3,
};

function planFor(a: (typeof APPLICANTS)[number]): Schemas['Proposal'] {
  const budget = [1, 2, 3].map((k) => ({ year: year + k, national: 1_000_000_000, local: 500_000_000, private: 0 }));
  const measured = a.slug === 'busan' ? [PRODUCTION] : [];
  return {
    main_industries: ['자동차부품', '뿌리산업'],
    vision: `첨단 제조와 일자리가 함께 자라는 ${a.name}`,
    goals: [...measured, { metric: '디지털 전환 수준 향상', kind: 'qualitative' }],
    hub: { complex: a.hub, focus: '스마트 제조 거점' },
    linked: a.linked.map((complex) => ({ complex, role: 'linked_area', function: '부품 공급과 연구개발' })),
    key_tasks: [
      {
        name: '스마트 제조 고도화',
        projects: [{ name: 'AI 공정 실증센터', new: true, program: '스마트공장 보급확산', budget }],
      },
    ],
    implementation: `${a.name} 산업단지 대개조 추진단이 총괄합니다.`,
    conditions: '거점산단은 착공 30년이 넘어 기반시설이 낡았습니다.',
    structure: '1. 비전과 목표\n2. 대상지역\n3. 중점과제와 사업\n4. 추진체계',
  };
}

async function openRound(): Promise<void> {
  const body: Schemas['NewRound'] = { year, title: `${year}년 산업단지 대개조 공모 (API)`, quota: 1 };
  const opened = await office.POST('/api/v1/rounds', { body });
  const round = ok('open the round', opened);
  const settings: Schemas['CallSettings'] = {
    ...round.settings,
    schedule: [
      { step: 'call', date: seoulDay(0) },
      { step: 'preliminary_application', date: seoulDay(30) },
    ],
    // 울산's plan links 울산테크노일반산단, begun under 20 years ago: this call allows it.
    call: { ...round.settings.call, text: `${year}년 산업단지 대개조 공모 공고문`, young_sites_as_areas: true },
  };
  const saved = await office.PUT('/api/v1/rounds/{year}/call', {
    params: { path: { year: yearParam }, header: { 'If-Match': etagOf('open the round', opened.response) } },
    body: settings,
  });
  const call = ok('set the call', saved);
  if (!call.deadline) throw new Error('the call has no deadline after its schedule was set');
}

async function submitPlans(): Promise<void> {
  for (const a of APPLICANTS) {
    const province = as(tokens.provinces[a.slug]);
    const path = { year: yearParam, region: a.slug };
    const draft = ok(
      `${a.name}: save the plan`,
      await province.PUT('/api/v1/rounds/{year}/proposals/{region}', {
        params: { path },
        body: { version: 0, proposal: planFor(a) },
      }),
    );
    if (draft.problems.length > 0) {
      throw new Error(`${a.name}'s plan is not ready: ${JSON.stringify(draft.problems)}`);
    }
    ok(
      `${a.name}: submit the plan`,
      await province.POST('/api/v1/rounds/{year}/proposals/{region}/submit', {
        params: { path },
        body: { version: draft.version },
      }),
    );
  }
}

async function runPanel(): Promise<void> {
  const path = { year: yearParam };
  const panel = ok('read the panel', await office.GET('/api/v1/rounds/{year}/evaluation', { params: { path } }));
  const framework: Schemas['Framework'] = {
    indicators: [
      { name: '지역진단 전략성', max_points: 400 },
      { name: '혁신계획 타당성', max_points: 600 },
    ],
    aggregation: 'mean',
    tie_break: [0, 1],
    quota: 1,
    panel_size: Object.keys(tokens.evaluators).length,
    scoring_due: seoulDay(20),
  };
  ok(
    'save the framework',
    await office.PUT('/api/v1/rounds/{year}/evaluation/framework', {
      params: { path },
      body: { version: panel.version, framework },
    }),
  );
  for (const login of Object.keys(tokens.evaluators)) {
    const candidate = panel.candidates.find((c) => c.login === login);
    if (!candidate) throw new Error(`${login} is not among the candidates`);
    ok(
      `appoint ${login}`,
      await office.POST('/api/v1/rounds/{year}/evaluation/members', {
        params: { path },
        body: { user: candidate.user, affiliation: '산업연구원' },
      }),
    );
  }
  // The call is open for 30 more days: the office starts early, and says why.
  const started = ok(
    'start the scoring',
    await office.POST('/api/v1/rounds/{year}/evaluation/start', {
      params: { path },
      body: { early_reason: '위원회 일정에 맞추어 조기 개시' },
    }),
  );
  if (started.stage !== 'scoring') throw new Error(`the panel is ${started.stage}, not scoring`);
}

/** 부산 scores higher than 울산 with every evaluator. */
const POINTS: Record<string, [number, number]> = { busan: [350, 520], ulsan: [300, 450] };

async function scoreSheets(): Promise<void> {
  for (const [login, token] of Object.entries(tokens.evaluators)) {
    const evaluator = as(token);
    for (const a of APPLICANTS) {
      const path = { year: yearParam, region: a.slug };
      const step = `${login} on ${a.name}`;
      const blank = ok(
        `${step}: read the sheet`,
        await evaluator.GET('/api/v1/rounds/{year}/evaluation/sheets/{region}', { params: { path, query: {} } }),
      );
      const [first, second] = POINTS[a.slug];
      const sheet: Schemas['ScoreSheet'] = {
        items: [
          { points: first, reason: '현황 진단이 구체적이고 전략과 이어짐' },
          { points: second, reason: '사업 구성과 재원 계획이 타당함' },
        ],
        bonuses: [],
        opinion: '',
      };
      const saved = ok(
        `${step}: save`,
        await evaluator.PUT('/api/v1/rounds/{year}/evaluation/sheets/{region}', {
          params: { path },
          body: { version: blank.version, sheet },
        }),
      );
      ok(
        `${step}: submit`,
        await evaluator.POST('/api/v1/rounds/{year}/evaluation/sheets/{region}/submit', {
          params: { path },
          body: { version: saved.version },
        }),
      );
    }
  }
}

/** Closes the panel and answers the top-ranked applicant's region (its slug, e.g. busan). */
async function closePanel(): Promise<string> {
  const path = { year: yearParam };
  const closed = ok('close the panel', await office.POST('/api/v1/rounds/{year}/evaluation/close', { params: { path } }));
  if (closed.stage !== 'closed') throw new Error(`the panel is ${closed.stage}, not closed`);
  const results = ok('read the results', await office.GET('/api/v1/rounds/{year}/evaluation/results', { params: { path } }));
  const top = results.results.find((r) => r.rank === 1);
  const applicant = APPLICANTS.find((a) => a.name === top?.region);
  if (!applicant) throw new Error(`no applicant ranked first: ${JSON.stringify(results.results)}`);
  return applicant.slug;
}

/** A committee meeting confirms `region`'s plan, and the meeting is published. */
async function decide(region: string): Promise<number> {
  const path = { year: yearParam };
  const meeting = ok(
    'record the meeting',
    await office.POST('/api/v1/rounds/{year}/decisions', {
      params: { path },
      body: {
        date: seoulDay(0),
        body: '노후거점산업단지 경쟁력강화추진위원회',
        members_present: ['위원장', '민간위원 3명'],
        note: '',
      },
    }),
  );
  const meetingPath = { year: yearParam, meeting: meeting.id };
  for (const kind of ['preliminary_selection', 'final_confirmation']) {
    ok(
      `decide ${kind}`,
      await office.POST('/api/v1/rounds/{year}/decisions/{meeting}', {
        params: { path: meetingPath },
        body: { kind, region, note: kind === 'final_confirmation' ? '세부사업 적정성 검토 결과 적정' : '' },
      }),
    );
  }
  const published = ok(
    'publish the meeting',
    await office.POST('/api/v1/rounds/{year}/decisions/{meeting}/publish', { params: { path: meetingPath } }),
  );
  if (!published.published_at) throw new Error('the meeting was not published');
  return meeting.id;
}

/** The confirmed province adds a project, plans its budget and records a quarter's execution. */
async function fundPackage(region: string): Promise<number> {
  const province = as(tokens.provinces[region]);
  const added = await province.POST('/api/v1/package/projects', {
    body: { round: year, region, name: '스마트 제조 혁신센터' },
  });
  const project = ok('add a package project', added);
  const first = project.first_year;
  const planned = await province.PUT('/api/v1/package/projects/{id}/budget', {
    params: { path: { id: project.id }, header: { 'If-Match': etagOf('add a package project', added.response) } },
    body: {
      total: 3_000_000_000,
      lines: [
        { year: first, source: 'national', planned: 2_000_000_000 },
        { year: first, source: 'local', planned: 1_000_000_000 },
      ],
    },
  });
  ok('plan the budget', planned);
  ok(
    'record a quarter',
    await province.POST('/api/v1/package/projects/{id}/execution', {
      params: { path: { id: project.id } },
      body: { quarter: `${first}-Q1`, source: 'national', amount: 500_000_000 },
    }),
  );
  return project.id;
}

/** The confirmed province enters a firm the project supported in its 지원기업 대장 (성과관리). */
async function registerFirm(region: string, project: number): Promise<string> {
  const province = as(tokens.provinces[region]);
  const number = '124-81-00998';
  ok(
    'register a supported firm',
    await province.POST('/api/v1/rounds/{year}/plans/{region}/results/firms', {
      params: { path: { year: yearParam, region } },
      body: { project, number, name: '(주)녹산정밀', support: 'smart_factory', date: `${year + 1}-05-16` },
    }),
  );
  return number;
}

/**
 * The confirmed province records production at the end of the package's second year for the goal
 * its plan submitted, found in the plan's results with the baseline it gave; answers the goal's
 * number.
 */
async function measureGoal(region: string): Promise<number> {
  const province = as(tokens.provinces[region]);
  const path = { year: yearParam, region };
  const results = ok('read the results', await province.GET('/api/v1/rounds/{year}/plans/{region}/results', { params: { path } }));
  const goal = results.goals.find((g) => g.metric === PRODUCTION.metric);
  if (!goal) throw new Error(`the published plan has no ${PRODUCTION.metric} goal: ${JSON.stringify(results.goals)}`);
  if (goal.baseline !== '12조 원') throw new Error(`the goal's baseline is ${goal.baseline}, not the 12조 원 submitted`);
  ok(
    'measure the production goal',
    await province.POST('/api/v1/rounds/{year}/plans/{region}/results/measurements', {
      params: { path },
      body: {
        goal: goal.no,
        quarter: `${year + 2}-Q4`,
        value: '14조원',
        evidence_url: `https://stat.busan.go.kr/production/${year + 2}Q4`,
      },
    }),
  );
  return goal.no;
}

await openRound();
await submitPlans();
await runPanel();
await scoreSheets();
const confirmed = await closePanel();
const meeting = await decide(confirmed);
const project = await fundPackage(confirmed);
const firm = await registerFirm(confirmed, project);
const goal = await measureGoal(confirmed);
console.log(JSON.stringify({ year, confirmed, meeting, project, firm, goal }));
