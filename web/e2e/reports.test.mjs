// Official outputs from the pages that show the same records: the 2021 round page offers the
// selection document in four formats and tells the office what to check before publishing
// (Busan's production goal, stated two ways in the press release); each link downloads a file of
// its format under a Korean name; the plan page and the dashboard offer their own reports. The
// contents are checked by the Rust tests with real readers (crates/report/tests); this one is
// about the pages and the downloads a browser gets.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { assertStructure, withPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';

const ctx = serverAndBrowser();

const MAGIC = {
  'PDF': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  '한글(HWPX)': (b) => b.subarray(0, 2).toString('latin1') === 'PK',
  '엑셀(XLSX)': (b) => b.subarray(0, 2).toString('latin1') === 'PK',
  'CSV': (b) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf,
};
const EXTENSION = { 'PDF': 'pdf', '한글(HWPX)': 'hwpx', '엑셀(XLSX)': 'xlsx', 'CSV': 'csv' };

async function downloadsOn(page) {
  const section = page.locator('section.downloads');
  const labels = await section.locator('a').allTextContents();
  return { section, labels: labels.map((l) => l.trim()) };
}

describe('official outputs', () => {
  it('the round page offers the selection document in four formats, each a real file, and says what to check', async () => {
    await withPage(ctx.browser, ctx.server.url('/rounds/2021'), async ({ page }) => {
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, '/rounds/2021 with downloads');
      const { section, labels } = await downloadsOn(page);
      assert.deepEqual(labels, ['한글(HWPX)', 'PDF', '엑셀(XLSX)', 'CSV']);
      const warning = await section.locator('[role=note]').textContent();
      assert.match(warning, /부산/);
      assert.match(warning, /생산 1\.3조원 증대/);
      assert.match(warning, /생산액 5조 원 증대/);
      for (const label of labels) {
        const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: label }).click()]);
        assert.equal(download.suggestedFilename(), `2021_산업단지대개조_예비선정_결과.${EXTENSION[label]}`);
        const path = await download.path();
        const { readFile } = await import('node:fs/promises');
        const bytes = await readFile(path);
        assert.ok(MAGIC[label](bytes), `${label} is a ${EXTENSION[label]} file`);
      }
    }, { acceptDownloads: true });
  });

  it('a plan page and the dashboard offer their reports', async () => {
    for (const [path, href] of [
      ['/rounds/2021/plans/경기', '/rounds/2021/plans/경기/report/pdf'],
      ['/dashboard', '/dashboard/report/pdf'],
    ]) {
      await withPage(ctx.browser, ctx.server.url(path), async ({ page }) => {
        await assertNoAxeViolations(page, `${path} with downloads`);
        const { section, labels } = await downloadsOn(page);
        assert.deepEqual(labels, ['한글(HWPX)', 'PDF', '엑셀(XLSX)', 'CSV'], path);
        const pdf = await section.getByRole('link', { name: 'PDF' }).getAttribute('href');
        assert.equal(decodeURIComponent(pdf), href);
        const response = await page.request.get(ctx.server.url(href));
        assert.equal(response.status(), 200, href);
        assert.equal(response.headers()['content-type'], 'application/pdf');
      });
    }
  });
});
