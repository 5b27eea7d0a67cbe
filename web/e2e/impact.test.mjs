// 사업 효과 in the browser, on the national synthetic dataset (`sandan generate`, with its planted
// +5% on the hubs' employment): the program's page states the estimate in words with its
// interval, draws the event study as a named image beside its table, lists the checks and the
// comparison complexes; a cohort's page follows from the cohort table and another indicator
// from the summary; every page is axe-checked and reflows at 320 CSS px. The arithmetic is the
// Rust tests' (crates/domain impact); this one is about the pages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { assertReflows, assertStructure, clickLinkTo, withPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';

const ctx = serverAndBrowser({ commands: [['generate', '--scale', 'national', '--seed', '1']] });

describe('the program\'s impact against comparable complexes', () => {
  it('reads the estimate, its chart and checks, then a cohort and another indicator', async () => {
    await withPage(ctx.browser, ctx.server.url('/impact'), async ({ page, response }) => {
      assert.equal(response.status(), 200);
      await assertStructure(page, { lang: 'ko' });
      const employment = (await page.locator('#indicator-employment').textContent()).replace(/\s+/g, ' ');
      assert.match(employment, /선정 거점산단의 고용은 선정 후 비교 산단보다 평균 \d+\.\d% 더 많았습니다 \(95% 신뢰구간 /);
      const tenants = (await page.locator('#indicator-tenants').textContent()).replace(/\s+/g, ' ');
      assert.match(tenants, /입주업체/);

      const chart = page.getByRole('img', { name: '고용 이벤트 스터디' });
      assert.equal(await chart.count(), 1, 'the chart is an image named by its title');
      const events = page.locator('#impact-events tbody tr');
      assert.ok(await events.count() >= 20, 'two years before and the package after');
      assert.match(await events.filter({ hasText: /^\s*-1/ }).textContent(), /기준 분기/);
      assert.match(await page.locator('#impact-checks').textContent(), /위약 검정/);
      assert.ok(await page.locator('#impact-comparison tbody tr').count() > 10);
      assert.equal(await page.locator('#impact-cohorts tbody tr').count(), 10, 'ten cohorts, 2011–2020');
      await assertNoAxeViolations(page, '/impact');

      await clickLinkTo(page, '/impact/2015');
      assert.match(await page.locator('h1').textContent(), /2015년 선정 사업 효과/);
      assert.match(await page.locator('#impact-window').textContent(), /선정 2015년 3분기/);
      assert.match(await page.locator('#impact-events tbody tr').first().textContent(), /\(2013년 3분기\)/);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, '/impact/2015');

      await page.locator('#indicator-production a').click();
      await page.waitForURL(/indicator=production/);
      assert.equal(await page.locator('#impact-summary a[aria-current="page"]').textContent(), '생산');
      assert.equal(await page.getByRole('img', { name: '생산 이벤트 스터디' }).count(), 1);
    });

    await withPage(ctx.browser, ctx.server.url('/impact'), ({ page: narrow }) => assertReflows(narrow),
      { viewport: { width: 320, height: 640 } });
  });
});
