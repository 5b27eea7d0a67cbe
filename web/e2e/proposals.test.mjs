// A round run in Sandan, end to end in the browser: the program office opens the 2027 call and
// sets its schedule, holidays and the complexes' facts; 경기 writes its plan section by section
// (a bad figure and a bad project file are refused and explained), submits it; another province
// is refused; the office comments and asks for a revision; 경기 answers, resubmits, and the
// change between the two versions is shown. Every page with a form is axe-checked.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { assertStructure } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';
import { pathOf, submit, textIfAny, visitPage, withUserAs } from './session.mjs';

const PASSWORD = 'Sandan#2026plan';
const ctx = serverAndBrowser({
  users: [
    { login: 'admin', name: '관리자', role: 'program-office', password: PASSWORD },
    { login: 'kim', name: '김주무관', role: 'provincial-officer:경기', password: PASSWORD },
    { login: 'lee', name: '이주무관', role: 'provincial-officer:부산', password: PASSWORD },
  ],
});

const withUser = (login, fn) => withUserAs(ctx, login, PASSWORD, fn);
const visit = (page, p, label) => visitPage(ctx, page, p, label);

const YEAR = 2027;
const PLAN = `/rounds/${YEAR}/proposals/경기`;
const HEADER = '중점과제,사업명,구분,부처 지원사업,연도,국비(원),지방비(원),민자(원),합계(원)';

/** A day in Seoul (the server's clock) `offsetDays` from today, as YYYY-MM-DD. */
function seoulDay(offsetDays = 0) {
  return new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A one-page PDF whose lines are `lines` (ASCII, in Helvetica), written by hand so that the
 * server's text reader has something real to read.
 */
function textPdf(lines) {
  const escape = (line) => line.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = `BT /F1 14 Tf 72 720 Td 18 TL ${lines.map((l) => `(${escape(l)}) '`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

let fileDir;
before(async () => {
  fileDir = await mkdtemp(path.join(tmpdir(), 'sandan-e2e-import-'));
});
after(async () => {
  if (fileDir) await rm(fileDir, { recursive: true, force: true });
});

/** Writes a UTF-8 CSV of the project list and returns its path. */
async function projectCsv(name, rows) {
  const file = path.join(fileDir, name);
  await writeFile(file, [HEADER, ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n', 'utf8');
  return file;
}

function projectRows(lastYear = 2030) {
  const rows = [];
  for (const year of [2028, 2029, lastYear]) {
    rows.push(['스마트 제조 고도화', 'AI 공정 실증센터', '신규', '스마트공장 보급확산', year, 1_000_000_000, 500_000_000, 0, 1_500_000_000]);
  }
  for (const year of [2028, 2029, 2030]) {
    rows.push(['근로환경 개선', '산단 복합문화센터', '계속', '산업단지 환경개선펀드', year, 400_000_000, 400_000_000, 200_000_000, 1_000_000_000]);
  }
  return rows;
}

describe('a province writes, submits and revises its plan', () => {
  it('the program office opens the 2027 round, sets its schedule and adds a holiday', async () => {
    await withUser('admin', async (page) => {
      await visit(page, '/admin/rounds/new');
      await page.locator('#round-year').fill(String(YEAR));
      await page.locator('#round-title').fill('2027년 산업단지 대개조 공모');
      await page.locator('#round-quota').fill('5');
      const opened = await submit(page, page.getByRole('button', { name: '공모 열기' }));
      assert.equal(opened.status(), 200);
      assert.equal(pathOf(page), `/rounds/${YEAR}/call`);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `/rounds/${YEAR}/call`);

      await page.locator('#date-call').fill(seoulDay(0));
      await page.locator('#date-preliminary_application').fill(seoulDay(30));
      const saved = await submit(page, page.getByRole('button', { name: '설정 저장' }));
      assert.equal(saved.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(pathOf(page), `/rounds/${YEAR}/call`);
      assert.equal(await page.locator('#date-call').inputValue(), seoulDay(0));
      assert.equal(await page.locator('#date-preliminary_application').inputValue(), seoulDay(30));
      assert.notEqual((await page.locator('#deadline').textContent()).trim(), '미정', 'the deadline follows from the 예비접수 date');
      await assertNoAxeViolations(page, `/rounds/${YEAR}/call after saving`);

      await visit(page, '/admin/holidays');
      await page.locator('#holiday-day').fill('2027-03-03');
      await page.locator('#holiday-name').fill('임시공휴일');
      const added = await submit(page, page.getByRole('button', { name: '추가', exact: true }));
      assert.equal(added.status(), 200);
      const holidays = await page.locator('#added-holidays').textContent();
      assert.match(holidays, /2027[\s\S]*3[\s\S]*3[\s\S]*임시공휴일/);
      await assertNoAxeViolations(page, '/admin/holidays with a holiday');
    });
  });

  it('the program office records the hub statistics and the construction starts', async () => {
    await withUser('admin', async (page) => {
      await visit(page, '/complexes/banwol-sihwa');
      await page.locator('#fact-start').fill('1977-04-01');
      await page.locator('#fact-year').fill('2020');
      await page.locator('#fact-metric').selectOption('employment');
      await page.locator('#fact-value').fill('25만명');
      await page.locator('#fact-source').fill('시험용 합성 자료');
      const saved = await submit(page, page.locator('form[action$="/facts"] button[type=submit]'));
      assert.equal(saved.status(), 200);
      assert.equal(pathOf(page), '/complexes/banwol-sihwa');
      assert.match(await page.locator('#statistics').textContent(), /2020[\s\S]*고용[\s\S]*25만 명[\s\S]*시험용 합성 자료/);
      await assertNoAxeViolations(page, '/complexes/banwol-sihwa with a statistic');

      for (const id of ['hwaseong-balan', 'seongnam']) {
        await visit(page, `/complexes/${id}`);
        await page.locator('#fact-start').fill('1990-01-01');
        const done = await submit(page, page.locator('form[action$="/facts"] button[type=submit]'));
        assert.equal(done.status(), 200, `saving ${id}'s construction start`);
        assert.equal(pathOf(page), `/complexes/${id}`);
      }
    });
  });

  it('경기 writes every section; a bad figure and a bad file are refused and explained', async () => {
    await withUser('kim', async (page) => {
      await visit(page, PLAN);
      assert.ok(await page.locator('#problems').isVisible(), 'an empty plan lists what to fix');

      // 주력업종·비전: reached through the page's own link.
      await submit(page, page.locator(`a[href$="/edit/overview"]`).first());
      assert.equal(pathOf(page), `${PLAN}/edit/overview`);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${PLAN}/edit/overview`);
      await page.locator('#overview-industries').fill('자동차부품\n뿌리산업');
      await page.locator('#overview-vision').fill('첨단 제조와 일자리가 함께 자라는 반월·시화');
      let saved = await submit(page, page.getByRole('button', { name: '임시 저장' }));
      assert.equal(saved.status(), 200);
      assert.equal(pathOf(page), PLAN);

      // 성과목표
      await visit(page, `${PLAN}/edit/goals`);
      await page.locator('#goals-0-metric').fill('고용');
      await page.locator('#goals-0-kind').selectOption('increase');
      await page.locator('#goals-0-measures').selectOption('employment');
      await page.locator('#goals-0-baseline').fill('25만명');
      await page.locator('#goals-0-baseline_year').fill('2026');
      await page.locator('#goals-0-target').fill('1만명');
      await page.locator('#goals-0-target_year').fill('2030');
      saved = await submit(page, page.getByRole('button', { name: '임시 저장' }));
      assert.equal(saved.status(), 200);
      assert.equal(pathOf(page), PLAN);

      // A figure that cannot be read: shown again, explained, nothing saved.
      await visit(page, `${PLAN}/edit/goals`);
      await page.locator('#goals-0-target').fill('1만5천명');
      const refused = await submit(page, page.getByRole('button', { name: '임시 저장' }));
      assert.equal(refused.status(), 422);
      const errors = page.locator('#form-errors');
      assert.ok(await errors.isVisible());
      assert.match(await errors.textContent(), /목표값/);
      assert.equal(await errors.locator('a[href="#goals-0-target"]').count(), 1, 'the message links to the field');
      assert.equal(await page.locator('#goals-0-target').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#goals-0-target').inputValue(), '1만5천명', 'what was typed is kept');
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${PLAN}/edit/goals with an error`);
      await page.locator('#goals-0-target').fill('1만명');
      saved = await submit(page, page.getByRole('button', { name: '임시 저장' }));
      assert.equal(saved.status(), 200);
      assert.equal(pathOf(page), PLAN);

      // 대상지역
      await visit(page, `${PLAN}/edit/sites`);
      await page.locator('#sites-hub').selectOption('banwol-sihwa');
      await page.locator('#sites-hub-focus').fill('스마트 제조 거점');
      await page.locator('#sites-linked-0-complex').selectOption('hwaseong-balan');
      await page.locator('#sites-linked-0-role').selectOption('linked_complex');
      await page.locator('#sites-linked-0-function').fill('자동차부품 공급');
      await page.locator('#sites-linked-1-complex').selectOption('seongnam');
      await page.locator('#sites-linked-1-role').selectOption('linked_complex');
      await page.locator('#sites-linked-1-function').fill('소프트웨어 연구개발');
      saved = await submit(page, page.getByRole('button', { name: '임시 저장' }));
      assert.equal(saved.status(), 200);
      assert.equal(pathOf(page), PLAN);
      const sites = await page.locator('table.sites-table tbody').innerText();
      for (const name of ['반월·시화국가산업단지', '화성발안일반산업단지', '성남일반산업단지']) {
        assert.ok(sites.includes(name), `the plan's sites are shown by name: ${sites}`);
      }

      for (const [slug, text] of [
        ['implementation', '경기도 산업단지 대개조 추진단이 총괄하고 시·군과 한국산업단지공단이 함께 추진합니다.'],
        ['conditions', '반월·시화는 착공 40년이 넘어 기반시설이 낡았고 청년 고용이 줄고 있습니다.'],
        ['structure', '1. 비전과 목표\n2. 대상지역\n3. 중점과제와 사업\n4. 추진체계'],
      ]) {
        await visit(page, `${PLAN}/edit/${slug}`);
        await page.locator(`#${slug}`).fill(text);
        saved = await submit(page, page.getByRole('button', { name: '임시 저장' }));
        assert.equal(saved.status(), 200, `saving ${slug}`);
        assert.equal(pathOf(page), PLAN);
      }

      // 중점과제·사업 from a file: one bad row refuses the whole file.
      await visit(page, `${PLAN}/edit/projects`);
      const bad = await projectCsv('bad.csv', projectRows(2035));
      await page.locator('#import-file').setInputFiles(bad);
      const rejected = await submit(page, page.getByRole('button', { name: '올리기' }));
      assert.equal(rejected.status(), 422);
      const importErrors = await page.locator('#form-errors').textContent();
      assert.match(importErrors, /4행/, `the bad row (4) is named: ${importErrors}`);
      assert.match(importErrors, /2035/);
      assert.equal(await page.locator('#import-file').getAttribute('aria-invalid'), 'true');
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${PLAN}/edit/projects with a bad file`);

      const good = await projectCsv('good.csv', projectRows());
      await page.locator('#import-file').setInputFiles(good);
      const imported = await submit(page, page.getByRole('button', { name: '올리기' }));
      assert.equal(imported.status(), 200);
      assert.equal(pathOf(page), PLAN);
      const projects = await page.locator('table.project-rows').textContent();
      assert.match(projects, /AI 공정 실증센터/);
      assert.match(projects, /산단 복합문화센터/);
      const budget = await page.locator('#budget-by-year').textContent();
      for (const year of ['2028', '2029', '2030']) assert.match(budget, new RegExp(year));
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, PLAN);
    });
  });

  it('경기 uploads its plan document and an annex; a renamed program is refused and explained', async () => {
    await withUser('kim', async (page) => {
      await visit(page, PLAN);
      const upload = async (kind, name, content) => {
        await page.locator('#document-kind').selectOption(kind);
        await page.locator('#document-file').setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(content) });
        return submit(page, page.getByRole('button', { name: '문서 올리기' }));
      };
      const refused = await upload('annex', '확약서.pdf', 'MZ\u0090 a program, renamed');
      assert.equal(refused.status(), 422);
      assert.match(await page.locator('#form-errors').textContent(), /내용으로 확인합니다/);
      await assertNoAxeViolations(page, `${PLAN} with a refused document`);
      const plan = textPdf(['I. Background', 'A smart green complex with RE100 firms.', '1. Current state']);
      assert.equal((await upload('plan', '경기 혁신계획서.pdf', plan)).status(), 200);
      assert.equal((await upload('annex', '참여 확약서.pdf', '%PDF-1.7 letter')).status(), 200);
      const table = await page.locator('#documents table').textContent();
      assert.match(table, /혁신계획서[\s\S]*경기 혁신계획서\.pdf[\s\S]*부속서류[\s\S]*참여 확약서\.pdf/);
      await assertNoAxeViolations(page, `${PLAN} with documents`);
      const download = await page.request.get(ctx.server.url(await page.locator('#documents a', { hasText: '경기 혁신계획서.pdf' }).getAttribute('href')));
      assert.equal(download.status(), 200);
      assert.match(download.headers()['content-disposition'], /^attachment;/);
    });
  });

  it('경기 submits its first version', async () => {
    await withUser('kim', async (page) => {
      await visit(page, PLAN);
      const problems = await textIfAny(page, '#problems');
      assert.ok(await page.locator('#no-problems').isVisible(), `nothing should be left to fix, but: ${problems}`);
      const submitted = await submit(page, page.locator('#submit-plan'));
      assert.equal(submitted.status(), 200, await textIfAny(page, '#form-errors'));
      assert.match(await page.locator('#version-list').textContent(), /제1판/);
      await visit(page, `${PLAN}/versions/1`);
      assert.match(await page.locator('h1').textContent(), /제1판/);
      assert.match(await page.locator('#documents').textContent(), /경기 혁신계획서\.pdf[\s\S]*참여 확약서\.pdf/);
      // The plan document's outline, read from its text; the fake letter's text could not be read.
      const outline = page.locator('#documents details.outline');
      await outline.locator('summary').click();
      assert.deepEqual(await outline.locator('li').allTextContents(), ['Background', 'Current state']);
      assert.match(await page.locator('#documents').textContent(), /PDF를 읽지 못했습니다/);
      await assertNoAxeViolations(page, `${PLAN}/versions/1 with an outline`);

      // 문서 찾기 across the round's documents the province may read.
      await visit(page, `/rounds/${YEAR}/documents`);
      await page.getByLabel('찾을 말 (2~100자)').fill('green   complex');
      await submit(page, page.getByRole('button', { name: '찾기', exact: true }));
      assert.equal(await page.locator('article.found-document h3 a').textContent(), '경기 혁신계획서.pdf');
      assert.equal(await page.locator('article.found-document mark').textContent(), 'green complex');
      await assertNoAxeViolations(page, 'document search with results');
      await page.getByLabel('찾을 말 (2~100자)').fill('g');
      const short = await submit(page, page.getByRole('button', { name: '찾기', exact: true }));
      assert.equal(short.status(), 422);
      assert.match(await page.locator('#document-query-error').textContent(), /두 글자 이상/);
      await assertNoAxeViolations(page, 'document search refusing a one-letter phrase');
    });
  });

  it('another province may not see 경기\'s plan, on the page or through the API', async () => {
    await withUser('lee', async (page, context) => {
      const refused = await page.goto(ctx.server.url(PLAN), { waitUntil: 'load' });
      assert.equal(refused.status(), 403);
      assert.match(await page.locator('h1').textContent(), /권한이 없습니다/);
      assert.equal(await page.getByText('반월·시화').count(), 0, 'nothing of the plan is shown');
      await assertNoAxeViolations(page, `${PLAN} as 부산`);

      const api = await context.request.get(ctx.server.url(`/api/v1/rounds/${YEAR}/proposals/gyeonggi`));
      assert.equal(api.status(), 403);
      assert.match(api.headers()['content-type'] ?? '', /application\/(problem\+)?json/);
      const body = await api.json();
      assert.ok(body && typeof body === 'object', 'the refusal is JSON');
      assert.ok(!JSON.stringify(body).includes('반월'), 'the refusal does not leak the plan');
    });
  });

  it('the program office comments on the goals and asks for a revision', async () => {
    await withUser('admin', async (page) => {
      await visit(page, PLAN);
      await page.locator('#comment-section').selectOption('goals');
      await page.locator('#comment-body').fill('고용 목표가 거점산단 규모에 비해 작습니다. 근거를 보완해 주십시오.');
      const commented = await submit(page, page.getByRole('button', { name: '의견 등록' }));
      assert.equal(commented.status(), 200);
      assert.match(await page.locator('.comments').textContent(), /고용 목표가 거점산단 규모에 비해 작습니다/);

      await page.locator('#revision-days').fill('5');
      await page.locator('#revision-note').fill('성과목표를 다시 검토해 주십시오.');
      const requested = await submit(page, page.getByRole('button', { name: '보완 요청', exact: true }));
      assert.equal(requested.status(), 200, await textIfAny(page, '#form-errors'));
      assert.match(await page.locator('#revision').textContent(), /성과목표를 다시 검토해 주십시오/);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${PLAN} with a revision requested`);
    });
  });

  it('경기 answers, revises the goal, resubmits, and sees what changed', async () => {
    await withUser('kim', async (page) => {
      await visit(page, PLAN);
      assert.match(await page.locator('#revision').textContent(), /성과목표를 다시 검토해 주십시오/);
      const answer = page.locator('textarea[id^=answer-]');
      assert.equal(await answer.count(), 1);
      await answer.fill('거점산단 고용의 8%인 2만 명으로 높였습니다.');
      const answered = await submit(page, page.getByRole('button', { name: '답변 등록' }));
      assert.equal(answered.status(), 200);
      assert.match(await page.locator('.comments .answer').textContent(), /2만 명으로 높였습니다/);

      await visit(page, `${PLAN}/edit/goals`);
      assert.equal(await page.locator('#goals-0-target').inputValue(), '1만 명');
      await page.locator('#goals-0-target').fill('2만명');
      const saved = await submit(page, page.getByRole('button', { name: '임시 저장' }));
      assert.equal(saved.status(), 200);
      assert.equal(pathOf(page), PLAN);

      const submitted = await submit(page, page.locator('#submit-plan'));
      assert.equal(submitted.status(), 200, await textIfAny(page, '#form-errors'));
      const versions = await page.locator('#version-list').textContent();
      assert.match(versions, /제1판/);
      assert.match(versions, /제2판/);

      await page.locator('#diff-from').selectOption('1');
      await page.locator('#diff-to').selectOption('2');
      const diff = await submit(page, page.getByRole('button', { name: '변경 내용 보기' }));
      assert.equal(diff.status(), 200);
      assert.equal(pathOf(page), `${PLAN}/diff`);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, `${PLAN}/diff?from=1&to=2`);
      const row = page.locator('table.diff-table tbody tr', { hasText: '목표값' });
      assert.equal(await row.count(), 1, 'one change in the goals: the target');
      const text = await row.textContent();
      assert.match(text, /1만 명/);
      assert.match(text, /2만 명/);
      assert.equal(await row.locator('del').textContent(), '1만 명');
      assert.equal(await row.locator('ins').textContent(), '2만 명');

      await visit(page, `${PLAN}/versions/1`);
      assert.match(await page.locator('table.goals').textContent(), /1만 명/);
      await visit(page, `${PLAN}/versions/2`);
      assert.match(await page.locator('table.goals').textContent(), /2만 명/);
    });
  });
});
