// KWCAG reflow: at 200% zoom of a 1280px window (a 640×800 viewport) the page must not scroll sideways.

import { describe, it } from 'node:test';
import { REFLOW_PAGES, assertNoHorizontalScroll, withPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';

const ctx = serverAndBrowser();

describe('reflow at 640×800', () => {
  for (const path of REFLOW_PAGES) {
    it(`${path} has no horizontal scroll`, async () => {
      await withPage(ctx.browser, ctx.server.url(path), ({ page }) => assertNoHorizontalScroll(page),
        { viewport: { width: 640, height: 800 } });
    });
  }
});
