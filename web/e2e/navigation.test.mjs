// Following links through the program: home → 2021 → 경기 plan → 반월·시화 complex; aliases; 404.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { REGIONS_2021, assertStructure, clickLinkTo, decodedPath, linkPaths, withPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';

const ctx = serverAndBrowser();

const h1 = (page) => page.locator('h1').first().innerText().then((t) => t.trim());
const PLAN_PATHS = ['/rounds/2021/plans/경기', '/rounds/2021/plans/gyeonggi'];

describe('navigation', () => {
  it('home links to the three rounds', async () => {
    await withPage(ctx.browser, ctx.server.url('/'), async ({ page }) => {
      const paths = await linkPaths(page);
      for (const year of ['2020', '2021', '2022']) {
        assert.ok(paths.includes(`/rounds/${year}`), `home has no link to /rounds/${year}; links: ${JSON.stringify(paths)}`);
      }
    });
  });

  it('home → 2021 → 경기 → 반월·시화, with the 2021 regions in order', async () => {
    await withPage(ctx.browser, ctx.server.url('/'), async ({ page }) => {
      await clickLinkTo(page, '/rounds/2021');
      assert.equal(decodedPath(page.url()), '/rounds/2021');

      const texts = await page.locator('a[href^="/rounds/2021/plans/"]').allInnerTexts();
      const regions = [];
      for (const text of texts) {
        const region = REGIONS_2021.find((r) => text.trim().startsWith(r));
        assert.ok(region, `link "${text.trim()}" under /rounds/2021/plans/ does not start with a 2021 region name`);
        if (!regions.includes(region)) regions.push(region);
      }
      assert.deepEqual(regions, REGIONS_2021, `the 2021 region links should appear in the order ${REGIONS_2021.join(', ')}; they appear as ${regions.join(', ')}`);

      const gyeonggi = page.locator('a[href^="/rounds/2021/plans/"]').filter({ hasText: /^\s*경기/ }).first();
      const from = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== from, { waitUntil: 'load' }), gyeonggi.click()]);
      assert.ok(PLAN_PATHS.includes(decodedPath(page.url())), `the 경기 link went to ${page.url()}`);
      assert.match(await h1(page), /경기/, 'the plan page h1 should contain 경기');

      await clickLinkTo(page, '/complexes/banwol-sihwa');
      assert.equal(decodedPath(page.url()), '/complexes/banwol-sihwa');
      assert.match(await h1(page), /반월/, 'the complex page h1 should contain 반월');
    });
  });

  it('/rounds/2021/plans/gyeonggi is the same plan as /rounds/2021/plans/경기', async () => {
    const headings = [];
    for (const path of PLAN_PATHS) {
      await withPage(ctx.browser, ctx.server.url(path), async ({ page, response }) => {
        assert.equal(response.status(), 200, `${path} returned ${response.status()}`);
        headings.push(await h1(page));
      });
    }
    assert.match(headings[0], /경기/);
    assert.equal(headings[1], headings[0], 'both addresses should show the same plan');
  });
});

describe('404', () => {
  it('/rounds/1999 returns 404 with a Korean message in its h1 and no axe violations', async () => {
    await withPage(ctx.browser, ctx.server.url('/rounds/1999'), async ({ page, response }) => {
      assert.equal(response.status(), 404, `/rounds/1999 returned ${response.status()}`);
      const { h1s } = await assertStructure(page, { lang: 'ko' });
      assert.match(h1s[0], /[가-힣]/, `the 404 h1 should be Korean: ${JSON.stringify(h1s[0])}`);
      await assertNoAxeViolations(page, '/rounds/1999 (404)');
    });
  });
});
