// The 범부처 패키지 and 성과 관리 pages, in the browser, with a real session for each role: the
// program office plans 2020 경북's package — a project run by 중소벤처기업부 and one the province
// runs itself — and its budget (a plan that does not add up is refused, what was typed is kept);
// the ministry's officer records the quarters' execution (over-execution refused) and finds no
// form on what she does not run; 경북's officer registers a supported firm (a wrong check digit
// refused); the public dashboard, its figures, the matrix and the ministry's portfolio then show
// what was entered, and the public results page keeps the register to itself. The forms' pages
// and the public ones are axe-checked, and the dashboard reflows at 320 CSS px. The arithmetic is
// the Rust tests' (crates/domain package, crates/store tests); this one is about the pages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { assertNoHorizontalScroll, assertStructure, openPage, withPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';
import { pathOf, submit, textIfAny, visitPage, withUserAs } from './session.mjs';

const PASSWORD = 'Sandan#2026plan';
const MINISTRY = '중소벤처기업부';
const ctx = serverAndBrowser({
  users: [
    { login: 'admin', name: '관리자', role: 'program-office', password: PASSWORD },
    { login: 'gyeongbuk', name: '경북주무관', role: 'provincial-officer:경북', password: PASSWORD },
    { login: 'sme', name: '중기부주무관', role: `ministry-officer:${MINISTRY}`, password: PASSWORD },
  ],
});

const withUser = (login, fn) => withUserAs(ctx, login, PASSWORD, fn);
const visit = (page, p, label) => visitPage(ctx, page, p, label);

const PACKAGE = '/rounds/2020/plans/경북/package';
const RESULTS = '/rounds/2020/plans/경북/results';
const SMART = '스마트공장 고도화';
const OWN = '산단 환경개선';
const FIRM = { number: '124-81-00998', wrong: '124-81-00997', name: '(주)구미정밀' };

/** A project's section on the package page. */
const projectSection = (page, name) => page.locator('section.package-project', { has: page.locator('h2', { hasText: name }) });

/** Fills and saves a project's budget form. */
async function planBudget(page, { total, national, local }) {
  const form = projectSection(page, SMART).locator('form.budget-form');
  await form.getByLabel('총사업비').fill(total);
  await form.getByLabel('2021년 국비', { exact: true }).fill(national);
  await form.getByLabel('2021년 지방비', { exact: true }).fill(local);
  return submit(page, form.getByRole('button', { name: '예산 계획 저장' }));
}

/** Records one quarter's 국비 execution of the 스마트공장 project. */
async function execute(page, quarter, amount) {
  const form = projectSection(page, SMART).locator('form.execution-form');
  await form.getByLabel('분기', { exact: true }).selectOption({ label: quarter });
  await form.getByLabel('재원', { exact: true }).selectOption({ label: '국비' });
  await form.getByLabel(/집행액/).fill(amount);
  return submit(page, form.getByRole('button', { name: '집행 실적 저장' }));
}

/** Fills and sends the register form. */
async function registerFirm(page, number) {
  const form = page.locator('#firm-form');
  await form.locator('#firm-number').fill(number);
  await form.locator('#firm-name').fill(FIRM.name);
  await form.locator('#firm-project').selectOption({ label: SMART });
  await form.locator('#firm-support').selectOption({ label: '신규창업' });
  await form.locator('#firm-date').fill('2022-03-02');
  return submit(page, form.getByRole('button', { name: '등록', exact: true }));
}

describe('a confirmed region\'s package, its execution and its results', () => {
  it('the office plans, the ministry executes, the province registers firms, the public reads the figures', async () => {
    // 2021's plans were never confirmed: no package, no results.
    await withPage(ctx.browser, ctx.server.url('/rounds/2021/plans/경기/package'), ({ response }) => {
      assert.equal(response.status(), 404, 'an unconfirmed plan has no package');
    });
    await withPage(ctx.browser, ctx.server.url('/rounds/2021/plans/경기/results'), ({ response }) => {
      assert.equal(response.status(), 404, 'an unconfirmed plan has no results page');
    });

    // 1. The program office plans 경북's package.
    await withUser('admin', async (page) => {
      await visit(page, PACKAGE, `${PACKAGE} (office, empty)`);
      assert.match(await page.locator('h1').textContent(), /2020년 경북 범부처 패키지/);
      assert.match(await page.locator('main').textContent(), /2021~2023년/);
      assert.equal(await page.locator('#no-projects').count(), 1);

      await page.locator('#project-name').fill(SMART);
      await page.locator('#project-program').selectOption({ label: `${MINISTRY} — 스마트공장 구축 및 고도화` });
      let response = await submit(page, page.getByRole('button', { name: '사업 추가', exact: true }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), PACKAGE);

      await page.locator('#project-name').fill(OWN);
      assert.equal(await page.locator('#project-program').inputValue(), '', 'the province\'s own project is the default');
      response = await submit(page, page.getByRole('button', { name: '사업 추가', exact: true }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.match(await projectSection(page, SMART).textContent(), new RegExp(`집행 주체: ${MINISTRY}`));
      assert.match(await projectSection(page, OWN).textContent(), /집행 주체: 경상북도/);

      // Lines of 30억 under a total of 40억: refused, explained, kept.
      response = await planBudget(page, { total: '40억', national: '20억', local: '10억' });
      assert.equal(response.status(), 422);
      const alert = page.getByRole('alert');
      assert.ok(await alert.isVisible(), 'the refusal is announced');
      assert.match(await alert.textContent(), /총사업비/);
      const form = projectSection(page, SMART).locator('form.budget-form');
      assert.equal(await form.getByLabel('총사업비').inputValue(), '40억', 'what was typed is kept');
      assert.equal(await form.getByLabel('2021년 국비', { exact: true }).inputValue(), '20억');
      assert.equal(await form.getByLabel('2021년 지방비', { exact: true }).inputValue(), '10억');
      assert.match(await projectSection(page, SMART).locator('p').first().textContent(), /총사업비: 0\.0억 원/, 'nothing was saved');
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${PACKAGE} with a refused budget`);

      response = await planBudget(page, { total: '30억', national: '20억', local: '10억' });
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(await page.locator('#form-errors').count(), 0);
      assert.equal((await page.locator('#package-planned').textContent()).trim(), '30.0');
      const row2021 = projectSection(page, SMART).locator('table.project-budget tbody tr', { hasText: '2021년' });
      assert.deepEqual((await row2021.locator('td').allTextContents()).slice(0, 3).map((t) => t.trim()), ['20.0', '10.0', '—']);

      // The office's page with every form on it.
      await visit(page, PACKAGE, `${PACKAGE} (office, with forms)`);
      assert.equal(await page.locator('form.budget-form').count(), 2);
      assert.equal(await page.locator('#add-project').count(), 1);
    });

    // 2. 중소벤처기업부 records the execution of its project, and only of its project.
    await withUser('sme', async (page) => {
      await visit(page, PACKAGE, `${PACKAGE} (ministry)`);
      assert.equal(await page.locator('form.budget-form').count(), 0, 'the ministry does not plan the budget');
      assert.equal(await page.locator('#add-project').count(), 0, 'nor add projects');
      assert.equal(await projectSection(page, OWN).locator('form.execution-form').count(), 0, 'no form on the province\'s own project');
      assert.equal(await projectSection(page, SMART).locator('form.execution-form').count(), 1);

      let response = await execute(page, '2021년 1분기', '12억');
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), PACKAGE);
      assert.equal((await page.locator('#package-executed').textContent()).trim(), '12.0');

      // 12억 + 9억 is over the 20억 of 국비 planned for 2021.
      response = await execute(page, '2021년 2분기', '9억');
      assert.equal(response.status(), 422);
      const alert = page.getByRole('alert');
      assert.match(await alert.textContent(), /초과/);
      assert.equal((await page.locator('#package-executed').textContent()).trim(), '12.0', 'nothing was recorded');
      const form = projectSection(page, SMART).locator('form.execution-form');
      assert.equal(await form.getByLabel('분기', { exact: true }).inputValue(), '2021-Q2', 'the quarter chosen is kept');
      assert.equal(await form.getByLabel(/집행액/).inputValue(), '9억', 'the amount typed is kept');
      await assertNoAxeViolations(page, `${PACKAGE} with a refused execution`);

      response = await execute(page, '2021년 2분기', '8억');
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal((await page.locator('#package-executed').textContent()).trim(), '20.0');
      const quarters = await projectSection(page, SMART).locator('ul.quarters li').allTextContents();
      assert.deepEqual(quarters.map((t) => t.trim()), ['2021년 1분기: 12.0억 원', '2021년 2분기: 8.0억 원']);
    });

    // 3. 경북's officer keeps the results: no goals in the record, a firm in the register.
    await withUser('gyeongbuk', async (page) => {
      await visit(page, RESULTS, `${RESULTS} (province, empty)`);
      assert.equal(await page.locator('#no-goals').count(), 1);
      assert.match(await page.locator('#no-goals').textContent(), /성과목표/);
      assert.equal((await page.locator('#firms-total').textContent()).trim(), '0');

      let response = await registerFirm(page, FIRM.wrong);
      assert.equal(response.status(), 422);
      assert.match(await page.getByRole('alert').textContent(), /검증번호/);
      assert.equal(await page.locator('#firm-number').inputValue(), FIRM.wrong, 'what was typed is kept');
      assert.equal(await page.locator('#firm-name').inputValue(), FIRM.name);
      assert.equal(await page.locator('#firm-date').inputValue(), '2022-03-02');
      // Kept by the server, not by the options' order: the refused form marks what was chosen.
      const chosen = (select) => page.locator(`${select} option[selected]`).allTextContents();
      assert.deepEqual(await chosen('#firm-project'), [SMART], 'the project chosen is kept');
      assert.deepEqual(await chosen('#firm-support'), ['신규창업'], 'the support chosen is kept');
      assert.equal(await page.locator('#firms').count(), 0, 'nothing was registered');
      await assertNoAxeViolations(page, `${RESULTS} with a refused firm`);

      response = await registerFirm(page, FIRM.number);
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), RESULTS);
      const firm = page.locator('#firms tbody tr');
      assert.equal(await firm.count(), 1);
      assert.match(await firm.textContent(), new RegExp(`${FIRM.number}[\\s\\S]*\\(주\\)구미정밀[\\s\\S]*신규창업[\\s\\S]*${SMART}[\\s\\S]*2022-03-02`));
      assert.equal((await page.locator('#firms-total').textContent()).trim(), '1');

      await visit(page, RESULTS, `${RESULTS} (province, with forms)`);
      assert.equal(await page.locator('#firm-form').count(), 1);
    });

    // 4. Anyone: the dashboard, its figures, the matrix, the ministry's portfolio, the results.
    const { context, page } = await openPage(ctx.browser, ctx.server.url('/dashboard'));
    try {
      await visit(page, '/dashboard');
      const gyeongbuk = page.locator('svg.korea-map a[href*="경북"]');
      assert.ok((await gyeongbuk.count()) >= 1, 'the map links 경북');
      assert.match((await page.locator('#figure-budget .figure-value').textContent()).trim(), /^20억 원$/);
      assert.equal((await page.locator('#figure-firms .figure-value').textContent()).trim(), '1개사');
      const figures = page.locator('#figures li');
      assert.equal(await figures.count(), 4);
      assert.equal(await page.locator('#figures li > a[href^="/dashboard/"]').count(), 4, 'every figure is a link');

      await submit(page, page.locator('#figure-budget'));
      assert.equal(pathOf(page), '/dashboard/budget');
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, '/dashboard/budget');
      assert.equal((await page.locator('#metric-total').textContent()).trim(), '20억 원');
      const row = page.locator('#contributions tbody tr', { hasText: '2020 경북' });
      assert.equal(await row.count(), 1);
      const link = row.locator('a');
      assert.equal((await link.textContent()).trim(), '20억 원');
      await submit(page, link);
      assert.equal(pathOf(page), PACKAGE);
      assert.equal(await page.locator('form.budget-form, form.execution-form, #add-project').count(), 0, 'the public sees no forms');

      await visit(page, '/package');
      const heads = (await page.locator('#package-matrix thead th').allTextContents()).map((t) => t.trim());
      assert.ok(heads.includes(MINISTRY), `the matrix has a ${MINISTRY} column: ${heads}`);
      const matrixRow = page.locator('#package-matrix tbody tr', { hasText: '2020 경북' });
      assert.match(await matrixRow.textContent(), /30\.0 \(20\.0\)/);

      await visit(page, `/package/ministries/${MINISTRY}`);
      const portfolio = page.locator('#portfolio tbody tr');
      assert.equal(await portfolio.count(), 1);
      assert.match(await portfolio.textContent(), new RegExp(`2020 경북[\\s\\S]*${SMART}`));

      await visit(page, '/programs');
      assert.ok((await page.locator('#programs tbody tr').count()) > 0, 'the sourced programs are loaded');
      assert.match(await page.locator('#programs').textContent(), /스마트공장 구축 및 고도화/);

      await visit(page, RESULTS, `${RESULTS} (public)`);
      assert.equal((await page.locator('#firms-total').textContent()).trim(), '1');
      assert.equal(await page.locator('#firms').count(), 0, 'the register is not public');
      assert.doesNotMatch(await page.locator('main').textContent(), new RegExp(FIRM.number));
      assert.equal(await page.locator('#firm-form').count(), 0);
    } finally {
      await context.close();
    }

    // 5. The dashboard reflows at 320 CSS px: only charts may scroll, inside their own box.
    await withPage(ctx.browser, ctx.server.url('/dashboard'), ({ page: narrow }) => assertNoHorizontalScroll(narrow),
      { viewport: { width: 320, height: 640 } });
  });
});
