// KWCAG reflow: at 200% zoom of a 1280px window (a 640×800 viewport) the page must not scroll sideways.

import { after, before, describe, it } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { REFLOW_PAGES, assertNoHorizontalScroll, withPage } from './contract.mjs';
import { startServer } from './server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reflow at 640×800', () => {
  for (const path of REFLOW_PAGES) {
    it(`${path} has no horizontal scroll`, async () => {
      await withPage(browser, server.url(path), ({ page }) => assertNoHorizontalScroll(page),
        { viewport: { width: 640, height: 800 } });
    });
  }
});
