// KWCAG reflow: at 200% zoom of a 1280px window (a 640×800 viewport) the page must not scroll
// sideways; at 400% (320×640, KWCAG 2.2 / WCAG 1.4.10) every page, the signed-in forms
// included, must still show all its content: nothing hidden by overflow, no form control past
// the right edge, and wide tables scrolling inside their own keyboard-reachable box; axe runs
// at that width too.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { NARROW_PUBLIC_PAGES, REFLOW_PAGES, assertNoHorizontalScroll, assertReflows, withPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';
import { pathOf, submit, textIfAny, withUserAs } from './session.mjs';

const PASSWORD = 'Sandan#2026plan';
const ctx = serverAndBrowser({
  users: [
    { login: 'admin', name: '관리자', role: 'program-office', password: PASSWORD },
    { login: 'kim', name: '김주무관', role: 'provincial-officer:경기', password: PASSWORD },
  ],
});

const NARROW = { width: 320, height: 640 };
const YEAR = 2027;

/** A day in Seoul (the server's clock) `offsetDays` from today, as YYYY-MM-DD. */
function seoulDay(offsetDays = 0) {
  return new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Signs `login` in with a 320×640 window and runs `fn(page)`. */
const narrowAs = (login, fn) => withUserAs(ctx, login, PASSWORD, fn, { viewport: NARROW });

/** Opens `path` in the signed-in page, expects 200 and checks that it reflows. */
async function reflowsAt320(page, path) {
  const response = await page.goto(ctx.server.url(path), { waitUntil: 'load' });
  assert.equal(response.status(), 200, `GET ${path} returned ${response.status()}`);
  await assertReflows(page);
  await assertNoAxeViolations(page, `${path} at 320px`);
}

describe('reflow at 640×800', () => {
  for (const path of REFLOW_PAGES) {
    it(`${path} has no horizontal scroll`, async () => {
      await withPage(ctx.browser, ctx.server.url(path), ({ page }) => assertNoHorizontalScroll(page),
        { viewport: { width: 640, height: 800 } });
    });
  }
});

describe('reflow at 320×640', () => {
  for (const path of NARROW_PUBLIC_PAGES) {
    it(`${path} reflows`, async () => {
      await withPage(ctx.browser, ctx.server.url(path), async ({ page, response }) => {
        assert.equal(response.status(), 200, `GET ${path} returned ${response.status()}`);
        await assertReflows(page);
        await assertNoAxeViolations(page, `${path} at 320px`);
      }, { viewport: NARROW });
    });
  }

  it('the program office opens the 2027 round (setting up the signed-in pages)', async () => {
    await narrowAs('admin', async (page) => {
      await page.goto(ctx.server.url('/admin/rounds/new'), { waitUntil: 'load' });
      await page.locator('#round-year').fill(String(YEAR));
      await page.locator('#round-title').fill('2027년 산업단지 대개조 공모');
      await page.locator('#round-quota').fill('5');
      await submit(page, page.getByRole('button', { name: '공모 열기' }));
      assert.equal(pathOf(page), `/rounds/${YEAR}/call`);
      await page.locator('#date-call').fill(seoulDay(0));
      await page.locator('#date-preliminary_application').fill(seoulDay(30));
      const saved = await submit(page, page.getByRole('button', { name: '설정 저장' }));
      assert.equal(saved.status(), 200, await textIfAny(page, '#form-errors'));
    });
  });

  /** Signed-in pages with forms, and who signs in to see them. */
  const signedIn = [
    ['admin', '/account'],
    ['admin', '/tasks'],
    ['kim', '/tasks'],
    ['kim', '/account/notifications'],
    ['admin', '/admin/outbox'],
    ['admin', '/admin/users'],
    ['admin', '/admin/tokens'],
    ['admin', '/complexes/new'],
    ['admin', '/admin/audit'],
    ['admin', '/programs'],
    ['admin', `/rounds/${YEAR}/call`],
    ['admin', `/rounds/${YEAR}/evaluation`],
    ['kim', `/rounds/${YEAR}/proposals/경기`],
    ['kim', `/rounds/${YEAR}/proposals/경기/edit/projects`],
  ];
  for (const [login, path] of signedIn) {
    it(`${path} reflows for ${login}`, async () => {
      await narrowAs(login, (page) => reflowsAt320(page, path));
    });
  }

  it('the project list page checked above is the one with the file import form', async () => {
    await narrowAs('kim', async (page) => {
      await page.goto(ctx.server.url(`/rounds/${YEAR}/proposals/경기/edit/projects`), { waitUntil: 'load' });
      assert.equal(await page.locator('#import-file').count(), 1);
    });
  });
});
