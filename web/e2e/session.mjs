// What the role-by-role browser tests share: signing in through the real form, clicking a
// submit and waiting for where it leads, and visiting a page with the structure and axe checks.

import assert from 'node:assert/strict';
import { assertNoAxeViolations } from './browser.mjs';
import { assertStructure, openPage } from './contract.mjs';

/** Clicks a submit button or link and waits for the page it leads to (after any redirect). */
export async function submit(page, button) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  return response;
}

/** Signs `login` in on a fresh browser context; close the returned context when done. */
async function signedInAs(ctx, login, password, contextOptions) {
  const opened = await openPage(ctx.browser, ctx.server.url('/sign-in'), contextOptions);
  const { page } = opened;
  await page.getByLabel('아이디').fill(login);
  await page.getByLabel('비밀번호').fill(password);
  await submit(page, page.getByRole('button', { name: '로그인' }));
  assert.equal(new URL(page.url()).pathname, '/account', `${login} should be signed in`);
  return opened;
}

/** Runs `fn(page, context)` as `login`, always closing the context (`contextOptions` e.g. { viewport }). */
export async function withUserAs(ctx, login, password, fn, contextOptions) {
  const { context, page } = await signedInAs(ctx, login, password, contextOptions);
  try {
    await fn(page, context);
  } finally {
    await context.close();
  }
}

/** Opens `p`, expects 200, checks structure and axe. */
export async function visitPage(ctx, page, p, label = p) {
  const response = await page.goto(ctx.server.url(p), { waitUntil: 'load' });
  assert.equal(response.status(), 200, `GET ${p} returned ${response.status()}`);
  await assertStructure(page, { lang: 'ko' });
  await assertNoAxeViolations(page, label);
  return response;
}

/** The element's text when the page has it, '' otherwise (without waiting for it to appear). */
export async function textIfAny(page, selector) {
  const found = page.locator(selector);
  return (await found.count()) > 0 ? (await found.first().textContent()) ?? '' : '';
}

export const pathOf = (page) => decodeURIComponent(new URL(page.url()).pathname);
