// English pages (?lang=en) keep published content in Korean, as published: every Korean passage
// must then say so with lang="ko" on the element around it, or screen readers read it with an
// English voice (KWCAG 2.2 / WCAG 3.1.2 Language of Parts). The interface itself (headings,
// labels, titles) is English, and a <title> has no Hangul: it cannot mark part of itself, so an
// English title names a place by its romanised name instead of quoting the Korean one.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGLISH_LANGUAGE_PAGES, assertKoreanMarked, withPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';

const ctx = serverAndBrowser();

describe('Korean passages on English pages are marked lang="ko"', () => {
  for (const path of ENGLISH_LANGUAGE_PAGES) {
    it(`${path}: no unmarked Hangul, and an English title`, async () => {
      await withPage(ctx.browser, ctx.server.url(path), async ({ page, response }) => {
        assert.equal(response.status(), 200, `GET ${path} returned ${response.status()}`);
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
        await assertKoreanMarked(page);
      });
    });
  }
});
