// The committee's later decision on a round the record holds but Sandan did not run, in the
// browser: the office goes from 2021's round page to its decisions, records the December
// meeting and the final confirmation of 경기's plan, is told why a region without a 2021 plan
// cannot be confirmed (what she typed kept), publishes, and anyone then reads the confirmation
// on the round's results and on its record. Every page on the way is axe-checked.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { openPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';
import { submit, textIfAny, visitPage, withUserAs } from './session.mjs';

const PASSWORD = 'Sandan#2026plan';
const ctx = serverAndBrowser({
  users: [{ login: 'admin', name: '관리자', role: 'program-office', password: PASSWORD }],
});
const visit = (page, p, label) => visitPage(ctx, page, p, label);
const REVIEW = '세부사업 적정성 검토 결과 적정';

describe('the committee decides on a round from the record', () => {
  it('the office records 2021\'s final confirmation and publishes it', async () => {
    await withUserAs(ctx, 'admin', PASSWORD, async (page) => {
      await visit(page, '/rounds/2021');
      await submit(page, page.locator('#round-links').getByRole('link', { name: '위원회 의결 기록' }));
      assert.equal(new URL(page.url()).pathname, '/rounds/2021/decisions');
      await assertNoAxeViolations(page, '/rounds/2021/decisions');
      assert.equal((await page.locator('#recommended').textContent()).trim(), '경기, 경남, 부산, 울산, 전북');

      await page.locator('#meeting-date').fill('2021-12-20');
      await page.locator('#meeting-members').fill('국토교통부 제1차관\n산업통상자원부 차관');
      let response = await submit(page, page.getByRole('button', { name: '회의 기록' }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.equal(await page.locator('section.meeting').count(), 1);

      // 대구 had no plan in 2021: refused, said why.
      const form = page.locator('form.decision-form');
      await form.locator('select[name=kind]').selectOption('final_confirmation');
      await form.locator('select[name=region]').selectOption('대구');
      await form.locator('input[name=note]').fill(REVIEW);
      response = await submit(page, form.getByRole('button', { name: '의결 기록' }));
      assert.equal(response.status(), 422);
      assert.match(await textIfAny(page, '#form-errors'), /2021년 기록에 대구의 혁신계획이 없어/);
      await assertNoAxeViolations(page, '/rounds/2021/decisions refusing a region without a plan');

      const again = page.locator('form.decision-form');
      await again.locator('select[name=kind]').selectOption('final_confirmation');
      await again.locator('select[name=region]').selectOption('경기');
      await again.locator('input[name=note]').fill(REVIEW);
      response = await submit(page, again.getByRole('button', { name: '의결 기록' }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.match(await page.locator('ul.decisions').textContent(), /최종확정: 경기/);
      await assertNoAxeViolations(page, '/rounds/2021/decisions with a decision');

      response = await submit(page, page.getByRole('button', { name: '의결 결과 공개' }));
      assert.equal(response.status(), 200, await textIfAny(page, '#form-errors'));
      assert.match(await page.locator('section.meeting h2').textContent(), /공개됨/);
    });

    const { context, page } = await openPage(ctx.browser, ctx.server.url('/rounds/2021/results'));
    try {
      await visit(page, '/rounds/2021/results');
      assert.equal(await page.locator('#no-results').count(), 0);
      assert.equal((await page.locator('ul.confirmed li').textContent()).trim(), `경기 — ${REVIEW}`);
      await visit(page, '/rounds/2021');
      assert.equal(await page.locator('#round-links').count(), 0, 'the office\'s links are hers');
      const rows = await page.locator('#decisions-heading + div tbody tr').allTextContents();
      assert.ok(rows.some((r) => r.includes('2021. 12. 20.') && r.includes('최종확정') && r.includes('경기')), rows.join('\n'));
    } finally {
      await context.close();
    }
  });
});
