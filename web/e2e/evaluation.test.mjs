// An evaluator's scoring session, in the browser: the program office opens the 2027 call, three
// provinces submit plans (through the JSON API, as a province's own tool would), the office sets
// the evaluation framework, appoints two evaluators, one of whom declares a conflict with 부산 on
// her own page, and starts scoring. She opens her list (부산 is not on it), scores 경기 — a score
// over the maximum and a missing reason are refused and explained, what she typed is kept — saves
// a draft, submits, and finds the sheet locked; 부산's sheet and her colleague's are closed to
// them both. When every sheet is in, the office closes the panel and reads the ranking, records a
// committee decision and publishes it. Every page on the way is axe-checked. The arithmetic of
// aggregation is the Rust test's (crates/web/tests/evaluation.rs); this one is about the pages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { assertStructure, openPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';
import { pathOf, submit, textIfAny, visitPage, withUserAs } from './session.mjs';

const PASSWORD = 'Sandan#2026plan';
const ctx = serverAndBrowser({
  users: [
    { login: 'admin', name: '관리자', role: 'program-office', password: PASSWORD },
    { login: 'kim', name: '김주무관', role: 'provincial-officer:경기', password: PASSWORD },
    { login: 'lee', name: '이주무관', role: 'provincial-officer:부산', password: PASSWORD },
    { login: 'park', name: '박주무관', role: 'provincial-officer:광주', password: PASSWORD },
    { login: 'eval1', name: '한평가', role: 'evaluator', password: PASSWORD },
    { login: 'eval2', name: '두평가', role: 'evaluator', password: PASSWORD },
  ],
});

const withUser = (login, fn) => withUserAs(ctx, login, PASSWORD, fn);
const visit = (page, p, label) => visitPage(ctx, page, p, label);

const YEAR = 2027;
const EVALUATION = `/rounds/${YEAR}/evaluation`;
const MINE = `${EVALUATION}/mine`;
const sheetOf = (region) => `${EVALUATION}/sheets/${region}`;

/** The provinces that apply: who writes the plan, the hub (given a construction start below), two linked areas. */
const APPLICANTS = [
  { login: 'kim', region: '경기', slug: 'gyeonggi', hub: 'banwol-sihwa', linked: ['hwaseong-balan', 'seongnam'] },
  { login: 'lee', region: '부산', slug: 'busan', hub: 'myeongji-noksan', linked: ['sasang', 'sinpyeong-jangnim'] },
  { login: 'park', region: '광주', slug: 'gwangju', hub: 'bitgreen', linked: ['gwangju-cheomdan', 'hanam'] },
];

/** Evaluators' user ids, read from the office's appointment list. */
const evaluatorIds = {};

/** A day in Seoul (the server's clock) `offsetDays` from today, as YYYY-MM-DD. */
function seoulDay(offsetDays = 0) {
  return new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** A plan that passes the submission checks: linked sites are 연계지역, so only the hub's age is checked. */
function planFor({ region, hub, linked }) {
  const budget = [2028, 2029, 2030].map((year) => ({ year, national: 1_000_000_000, local: 500_000_000, private: 0 }));
  return {
    main_industries: ['자동차부품', '뿌리산업'],
    vision: `첨단 제조와 일자리가 함께 자라는 ${region}`,
    goals: [{ metric: '디지털 전환 수준 향상', kind: 'qualitative' }],
    hub: { complex: hub, focus: '스마트 제조 거점' },
    linked: linked.map((complex) => ({ complex, role: 'linked_area', function: '부품 공급과 연구개발' })),
    key_tasks: [{
      name: '스마트 제조 고도화',
      projects: [{ name: 'AI 공정 실증센터', new: true, program: '스마트공장 보급확산', budget }],
    }],
    implementation: `${region} 산업단지 대개조 추진단이 총괄합니다.`,
    conditions: '거점산단은 착공 40년이 넘어 기반시설이 낡았습니다.',
    structure: '1. 비전과 목표\n2. 대상지역\n3. 중점과제와 사업\n4. 추진체계',
  };
}

/** Opens `p` and expects the refusal page: 403, said in words, nothing of the sheet shown. */
async function refused(page, p, label = p) {
  const response = await page.goto(ctx.server.url(p), { waitUntil: 'load' });
  assert.equal(response.status(), 403, `GET ${p} should be refused, got ${response.status()}`);
  assert.match(await page.locator('h1').textContent(), /권한이 없습니다/);
  assert.equal(await page.locator('#sheet-form').count(), 0, 'no sheet is shown');
  await assertNoAxeViolations(page, `${label} (403)`);
}

/** Types a whole sheet: `marks` is [points, reason] per item, then the bonus. */
async function fillSheet(page, marks, bonus = ['', '']) {
  for (const [k, [points, reason]] of marks.entries()) {
    await page.locator(`#item-${k}-points`).fill(points);
    await page.locator(`#item-${k}-reason`).fill(reason);
  }
  await page.locator('#bonus-0-points').fill(bonus[0]);
  await page.locator('#bonus-0-reason').fill(bonus[1]);
}

/** Scores and submits `region`'s sheet in one go; lands on the evaluator's list. */
async function scoreAndSubmit(page, region, marks) {
  await visit(page, sheetOf(region));
  await fillSheet(page, marks);
  const done = await submit(page, page.getByRole('button', { name: '제출', exact: true }));
  assert.equal(done.status(), 200, `${region}: ${await textIfAny(page, '#form-errors')}`);
  assert.equal(pathOf(page), MINE);
}

/** The status column of `region`'s row on the evaluator's list. */
async function listedStatus(page, region) {
  const row = page.locator('#my-sheets tbody tr', { hasText: region });
  assert.equal(await row.count(), 1, `${region} should be listed once`);
  return (await row.locator('td').textContent()).trim();
}

describe('an evaluator scores her assigned plans', () => {
  it('the program office opens the 2027 round with a submission window and dated hubs', async () => {
    await withUser('admin', async (page) => {
      await visit(page, '/admin/rounds/new');
      await page.locator('#round-year').fill(String(YEAR));
      await page.locator('#round-title').fill('2027년 산업단지 대개조 공모');
      await page.locator('#round-quota').fill('2');
      const opened = await submit(page, page.getByRole('button', { name: '공모 열기' }));
      assert.equal(opened.status(), 200);
      assert.equal(pathOf(page), `/rounds/${YEAR}/call`);

      await page.locator('#date-call').fill(seoulDay(0));
      await page.locator('#date-preliminary_application').fill(seoulDay(30));
      const saved = await submit(page, page.getByRole('button', { name: '설정 저장' }));
      assert.equal(saved.status(), 200, await textIfAny(page, '#form-errors'));

      // A hub must have been begun 20 years before the call; the seed records no such date.
      for (const { hub } of APPLICANTS) {
        await page.goto(ctx.server.url(`/complexes/${hub}`), { waitUntil: 'load' });
        await page.locator('#fact-start').fill('1980-01-01');
        const done = await submit(page, page.locator('form[action$="/facts"] button[type=submit]'));
        assert.equal(done.status(), 200, `saving ${hub}'s construction start`);
        assert.equal(pathOf(page), `/complexes/${hub}`);
      }
    });
  });

  it('three provinces submit their plans through the API', async () => {
    for (const applicant of APPLICANTS) {
      await withUser(applicant.login, async (page, context) => {
        // The session's CSRF token, as every form on the signed-in pages carries it.
        const csrf = await page.locator('input[name=csrf]').first().inputValue();
        const api = ctx.server.url(`/api/v1/rounds/${YEAR}/proposals/${applicant.slug}`);
        const headers = { 'x-csrf-token': csrf };
        const saved = await context.request.put(api, { headers, data: { version: 0, proposal: planFor(applicant) } });
        assert.equal(saved.status(), 200, `${applicant.region} save: ${await saved.text()}`);
        const draft = await saved.json();
        assert.deepEqual(draft.problems, [], `${applicant.region}'s plan should be ready to submit`);
        const submitted = await context.request.post(`${api}/submit`, { headers, data: { version: draft.version } });
        assert.equal(submitted.status(), 200, `${applicant.region} submit: ${await submitted.text()}`);
        assert.equal((await submitted.json()).versions.length, 1);
      });
    }
  });

  it('the office sets the framework and appoints two evaluators', async () => {
    await withUser('admin', async (page) => {
      await visit(page, EVALUATION);
      assert.match(await page.locator('#stage').textContent(), /평가틀 미설정/);
      await page.locator('#fw-indicators').fill(
        '지역진단 전략성 | 현황 진단 | 10\n지역진단 전략성 | 발전 전략 | 15\n혁신계획 타당성 | | 25',
      );
      await page.locator('#fw-bonuses').fill('한국판 뉴딜 연계 | 3');
      await page.locator('#fw-bonus-cap').fill('3');
      await page.locator('#fw-cut-off').fill('30');
      await page.locator('#fw-aggregation').selectOption('mean');
      await page.locator('#fw-tie-break').fill('1, 2');
      await page.locator('#fw-quota').fill('2');
      await page.locator('#fw-panel-size').fill('2');
      await page.locator('#fw-due').fill(seoulDay(20));
      const saved = await submit(page, page.getByRole('button', { name: '평가틀 저장' }));
      assert.equal(saved.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), EVALUATION);
      assert.equal(await page.locator('#fw-panel-size').inputValue(), '2');
      await assertNoAxeViolations(page, `${EVALUATION} with a framework`);

      for (const [login, affiliation] of [['eval1', '부산대학교'], ['eval2', '서울대학교']]) {
        const option = page.locator('#appoint-user option', { hasText: `(${login})` });
        evaluatorIds[login] = await option.getAttribute('value');
        await page.locator('#appoint-user').selectOption(evaluatorIds[login]);
        await page.locator('#appoint-affiliation').fill(affiliation);
        const appointed = await submit(page, page.getByRole('button', { name: '위촉', exact: true }));
        assert.equal(appointed.status(), 200, await textIfAny(page, '#form-errors'));
      }
      const table = await page.locator('#assignments').textContent();
      assert.match(table, /한평가[\s\S]*두평가/);
      assert.notEqual(evaluatorIds.eval1, evaluatorIds.eval2);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${EVALUATION} with the panel appointed`);
    });
  });

  it('the first evaluator declares a conflict with 부산 on her own page', async () => {
    await withUser('eval1', async (page) => {
      await visit(page, MINE);
      assert.equal(await page.locator('#my-sheets').count(), 0, 'nothing is assigned before scoring starts');
      const form = page.locator('#declare-form');
      await form.locator('#conflict-region').selectOption('부산');
      await form.locator('#conflict-kind').selectOption('affiliation');
      await form.locator('#conflict-note').fill('부산대학교 겸임교수');
      const declared = await submit(page, form.getByRole('button', { name: '신고' }));
      assert.equal(declared.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), MINE);
      assert.match(await page.locator('#my-conflicts').textContent(), /부산[\s\S]*부산대학교 겸임교수/);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${MINE} with a conflict declared`);
    });
  });

  it('the office sees the conflict and starts scoring', async () => {
    await withUser('admin', async (page) => {
      await visit(page, EVALUATION);
      const conflicted = page.locator('#assignments td.disagrees');
      assert.equal(await conflicted.count(), 1);
      assert.match(await conflicted.textContent(), /이해충돌/);
      assert.equal(await page.locator('#start-problems').count(), 0, await textIfAny(page, '#start-problems'));
      // The call is still open: without a reason the start is refused and says why.
      const refused = await submit(page, page.getByRole('button', { name: '평가 개시' }));
      assert.equal(refused.status(), 422);
      assert.match(await page.locator('main').textContent(), /접수가 아직 끝나지 않아/);
      await visit(page, EVALUATION);
      await page.locator('#early-reason').fill('위원회 일정에 맞추어 조기 개시');
      const started = await submit(page, page.getByRole('button', { name: '평가 개시' }));
      assert.equal(started.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), EVALUATION);
      assert.match(await page.locator('#stage').textContent(), /평가 진행 중/);
      assert.equal(await page.locator('#framework-form fieldset[disabled]').count(), 1, 'the framework is frozen');
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${EVALUATION} while scoring`);
    });
  });

  it('she scores 경기: a bad score and a missing reason are refused and explained, then she saves and submits', async () => {
    await withUser('eval1', async (page) => {
      await visit(page, MINE);
      const listed = await page.locator('#my-sheets tbody th').allTextContents();
      assert.deepEqual(listed.map((t) => t.trim()), ['경기', '광주'], 'the conflicted 부산 is not listed');
      assert.equal(await listedStatus(page, '경기'), '미작성');

      await submit(page, page.locator('#my-sheets a', { hasText: '경기' }));
      assert.equal(pathOf(page), sheetOf('경기'));
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, sheetOf('경기'));
      assert.match(await page.locator('#sheet-status').textContent(), /작성 중/);
      assert.match(await page.locator('label[for=item-0-points]').textContent(), /현황 진단[\s\S]*10점 만점/);
      assert.match(await page.locator('#plan-heading').textContent(), /혁신계획안/);

      // 12 of 10 points, and no reason for 발전 전략: nothing is saved, the page says why.
      await fillSheet(page, [['12', '산업 현황을 자료로 잘 진단함'], ['13', ''], ['20', '사업 구성이 구체적임']]);
      await page.locator('#opinion').fill('전반적으로 충실함');
      let response = await submit(page, page.getByRole('button', { name: '제출', exact: true }));
      assert.equal(response.status(), 422);
      assert.equal(pathOf(page), sheetOf('경기'));
      const errors = page.locator('#form-errors');
      assert.ok(await errors.isVisible());
      assert.match(await errors.textContent(), /현황 진단[\s\S]*10점까지/);
      assert.equal(await errors.locator('a[href="#item-0-points"]').count(), 1, 'the message links to the field');
      assert.equal(await page.locator('#item-0-points').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#item-0-points').getAttribute('aria-describedby'), 'item-0-error');
      assert.match(await page.locator('#item-0-error').textContent(), /10점까지/);
      assert.equal(await page.locator('#item-2-points').getAttribute('aria-invalid'), null, 'a good field is not marked');
      assert.equal(await page.locator('#item-0-points').inputValue(), '12', 'what was typed is kept');
      assert.equal(await page.locator('#item-0-reason').inputValue(), '산업 현황을 자료로 잘 진단함');
      assert.equal(await page.locator('#item-1-points').inputValue(), '13');
      assert.equal(await page.locator('#item-2-points').inputValue(), '20');
      assert.equal(await page.locator('#opinion').inputValue(), '전반적으로 충실함');
      assert.match(await page.locator('#sheet-status').textContent(), /작성 중/, 'nothing was submitted');
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${sheetOf('경기')} with an error`);

      // The score fixed, the reason still missing: the draft is kept, the submission refused.
      await page.locator('#item-0-points').fill('8.5');
      response = await submit(page, page.getByRole('button', { name: '제출', exact: true }));
      assert.equal(response.status(), 422);
      const why = await page.locator('#form-errors').textContent();
      assert.match(why, /임시 저장했습니다/);
      assert.match(why, /발전 전략[\s\S]*평가 사유/);
      assert.equal(await page.locator('#form-errors a[href^="#item-1-"]').count(), 1, 'the missing reason links to its line');
      const marked = await page.locator('#item-1-points[aria-invalid=true], #item-1-reason[aria-invalid=true]').count();
      assert.ok(marked > 0, 'the line lacking a reason is marked invalid');
      assert.equal(await page.locator('#item-0-points').getAttribute('aria-invalid'), null, 'the fixed score is no longer marked');
      assert.match(await page.locator('#sheet-total').textContent(), /41.5점/, 'the draft was saved');
      assert.equal(await page.locator('#item-1-reason').inputValue(), '');
      await assertNoAxeViolations(page, `${sheetOf('경기')} with a refused submission`);

      // The reason written: 임시 저장 keeps her on the sheet, and a reload shows what she saved.
      await page.locator('#item-1-reason').fill('발전 전략이 주력업종과 맞물림');
      response = await submit(page, page.getByRole('button', { name: '임시 저장' }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), sheetOf('경기'));
      assert.equal(await page.locator('#form-errors').count(), 0);
      await visit(page, sheetOf('경기'));
      assert.equal(await page.locator('#item-0-points').inputValue(), '8.5');
      assert.equal(await page.locator('#item-1-reason').inputValue(), '발전 전략이 주력업종과 맞물림');
      assert.match(await page.locator('#sheet-status').textContent(), /작성 중/);

      response = await submit(page, page.getByRole('button', { name: '제출', exact: true }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), MINE);
      assert.equal(await listedStatus(page, '경기'), '제출 완료');
      assert.equal(await listedStatus(page, '광주'), '미작성');

      // Submitted: locked, nothing left to press.
      await visit(page, sheetOf('경기'), `${sheetOf('경기')} submitted`);
      assert.match(await page.locator('#sheet-status').textContent(), /제출 완료/);
      const fieldsets = page.locator('#sheet-form fieldset');
      assert.ok((await fieldsets.count()) >= 2);
      assert.equal(await page.locator('#sheet-form fieldset:not([disabled])').count(), 0, 'every fieldset is disabled');
      assert.ok(await page.locator('#item-0-points').isDisabled());
      assert.equal(await page.locator('#sheet-form button[type=submit]').count(), 0, 'no save or submit button');
      assert.equal(await page.locator('#item-0-points').inputValue(), '8.5');
    });
  });

  it('she may not open 부산, with which she has a conflict, and scores 광주', async () => {
    await withUser('eval1', async (page) => {
      await refused(page, sheetOf('부산'));
      await scoreAndSubmit(page, '광주', [['9', '진단이 정확함'], ['12', '전략이 분명함'], ['21', '사업이 타당함']]);
      assert.equal(await listedStatus(page, '광주'), '제출 완료');
      await assertNoAxeViolations(page, `${MINE} with every sheet in`);
    });
  });

  it('the second evaluator may not read the first one\'s sheet, and scores all three plans', async () => {
    await withUser('eval2', async (page) => {
      await refused(page, `${sheetOf('경기')}?evaluator=${evaluatorIds.eval1}`, 'the first evaluator\'s 경기 sheet');
      await visit(page, MINE);
      const listed = await page.locator('#my-sheets tbody th').allTextContents();
      assert.deepEqual(listed.map((t) => t.trim()), ['경기', '광주', '부산']);
      await scoreAndSubmit(page, '경기', [['7', '보통'], ['11', '보통'], ['18', '보통']]);
      await scoreAndSubmit(page, '광주', [['8', '양호'], ['13', '양호'], ['22', '양호']]);
      await scoreAndSubmit(page, '부산', [['9', '우수'], ['14', '우수'], ['23', '우수']]);
      for (const region of ['경기', '광주', '부산']) assert.equal(await listedStatus(page, region), '제출 완료');
      // Still sealed after submitting her own.
      await refused(page, `${sheetOf('광주')}?evaluator=${evaluatorIds.eval1}`, 'the first evaluator\'s 광주 sheet');
    });
  });

  it('the office closes the panel and reads the ranking', async () => {
    await withUser('admin', async (page) => {
      await visit(page, EVALUATION);
      const submitted = await page.locator('#assignments tbody td.num').allTextContents();
      assert.deepEqual(submitted.map((t) => t.trim()), ['2 / 2', '3 / 3']);
      const closed = await submit(page, page.locator(`form[action="${EVALUATION}/close"] button`));
      assert.equal(closed.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), EVALUATION);
      assert.match(await page.locator('#stage').textContent(), /평가 종료/);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${EVALUATION} closed`);

      await submit(page, page.getByRole('link', { name: '평가 결과 보기' }));
      assert.equal(pathOf(page), `${EVALUATION}/results`);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${EVALUATION}/results`);
      const rows = page.locator('#ranking tbody tr');
      assert.equal(await rows.count(), 3);
      const regions = (await rows.locator('th').allTextContents()).map((t) => t.trim());
      assert.deepEqual([...regions].sort(), ['경기', '광주', '부산']);
      const busan = page.locator('#ranking tbody tr', { hasText: '부산' });
      assert.equal((await busan.locator('td').nth(1).textContent()).trim(), '1', '부산 has one sheet: the conflict left it out');
      assert.match(await page.locator('#evaluator-totals').textContent(), /이해충돌·미배정/);

      // Once closed the office may read a sheet, locked.
      await visit(page, `${sheetOf('경기')}?evaluator=${evaluatorIds.eval1}`, 'the first evaluator\'s sheet, read by the office');
      assert.equal(await page.locator('#item-0-points').inputValue(), '8.5');
      assert.ok(await page.locator('#item-0-points').isDisabled());
    });
  });

  it('the office records the committee\'s decision and publishes it', async () => {
    await withUser('admin', async (page) => {
      const decisions = `/rounds/${YEAR}/decisions`;
      await visit(page, decisions);
      const recommended = (await page.locator('#recommended').textContent()).trim();
      assert.ok(recommended.length > 0);
      await page.locator('#meeting-date').fill(seoulDay(0));
      await page.locator('#meeting-body').fill('노후거점산업단지 경쟁력강화추진위원회');
      await page.locator('#meeting-members').fill('위원장\n민간위원 3명');
      let response = await submit(page, page.getByRole('button', { name: '회의 기록' }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(await page.locator('section.meeting').count(), 1);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${decisions} with a meeting`);

      // The evaluation's first-ranked plan is preliminarily selected.
      const first = (await page.locator('#recommended').textContent()).trim().split(/[,\s]+/)[0];
      const form = page.locator('form.decision-form');
      await form.locator('select[name=kind]').selectOption('preliminary_selection');
      await form.locator('select[name=region]').selectOption(first);
      response = await submit(page, form.getByRole('button', { name: '의결 기록' }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.match(await page.locator('ul.decisions').textContent(), new RegExp(first));
      await assertNoAxeViolations(page, `${decisions} with a decision`);

      await visit(page, `/rounds/${YEAR}/results`, 'the public results before publication');
      assert.equal(await page.locator('#no-results').count(), 1);

      await page.goto(ctx.server.url(decisions), { waitUntil: 'load' });
      response = await submit(page, page.getByRole('button', { name: '의결 결과 공개' }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
    });

    // The public page, read by anyone.
    const { context, page } = await openPage(ctx.browser, ctx.server.url(`/rounds/${YEAR}/results`));
    try {
      await visit(page, `/rounds/${YEAR}/results`);
      assert.equal(await page.locator('#no-results').count(), 0);
      assert.equal(await page.locator('ul.selected li').count(), 1);
      assert.equal(await page.locator('#published-scores').count(), 0, 'scores stay internal');
    } finally {
      await context.close();
    }
  });
});
