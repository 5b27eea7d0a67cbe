// Every page: html lang, title, one h1, skip link, tables, KRDS stylesheet and font,
// the "English" link, and axe (WCAG 2.2 A/AA) with no violations.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import {
  ENGLISH_PAGES, KOREAN_PAGES, assertAssets, assertEnglishLink, assertSkipLink, assertStructure, withPage,
} from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';

const ctx = serverAndBrowser();

for (const path of KOREAN_PAGES) {
  describe(`${path} (한국어)`, () => {
    it('returns 200 with lang="ko", a title, one h1, <main id="main"> and accessible tables', async () => {
      await withPage(ctx.browser, ctx.server.url(path), async ({ page, response }) => {
        assert.equal(response.status(), 200, `${path} returned ${response.status()}`);
        await assertStructure(page, { lang: 'ko' });
      });
    });

    it('has the skip link "본문 바로가기" as the first Tab stop, and it moves focus to main', async () => {
      await withPage(ctx.browser, ctx.server.url(path), ({ page }) => assertSkipLink(page, { text: '본문 바로가기' }));
    });

    it('loads the KRDS stylesheet and the Pretendard GOV font', async () => {
      await withPage(ctx.browser, ctx.server.url(path), ({ page, responses }) => assertAssets(page, responses));
    });

    it('has an "English" link to the same page with ?lang=en', async () => {
      await withPage(ctx.browser, ctx.server.url(path), ({ page }) => assertEnglishLink(page));
    });

    it('has no axe violations (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa)', async () => {
      await withPage(ctx.browser, ctx.server.url(path), ({ page }) => assertNoAxeViolations(page, path));
    });
  });
}

for (const path of ENGLISH_PAGES) {
  describe(`${path} (English)`, () => {
    it('returns 200 with lang="en", a title, one h1, <main id="main"> and accessible tables', async () => {
      await withPage(ctx.browser, ctx.server.url(path), async ({ page, response }) => {
        assert.equal(response.status(), 200, `${path} returned ${response.status()}`);
        await assertStructure(page, { lang: 'en' });
      });
    });

    it('has a skip link to #main as the first Tab stop, and it moves focus to main', async () => {
      await withPage(ctx.browser, ctx.server.url(path), ({ page }) => assertSkipLink(page, {}));
    });

    it('loads the KRDS stylesheet and the Pretendard GOV font', async () => {
      await withPage(ctx.browser, ctx.server.url(path), ({ page, responses }) => assertAssets(page, responses));
    });

    it('has no axe violations (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa)', async () => {
      await withPage(ctx.browser, ctx.server.url(path), ({ page }) => assertNoAxeViolations(page, path));
    });
  });
}
