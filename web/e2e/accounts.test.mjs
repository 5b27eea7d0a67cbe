// Signing in and out, the session expiry warning, user management: real pages, axe-checked.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { assertStructure, openPage } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';

const PASSWORD = 'Sandan#2026plan';
const ctx = serverAndBrowser({
  users: [
    { login: 'admin', name: '관리자', role: 'program-office', password: PASSWORD },
    { login: 'kim', name: '김주무관', role: 'provincial-officer:경기', password: PASSWORD },
  ],
});

async function signIn(page, login, password) {
  await page.getByLabel('아이디').fill(login);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.waitForLoadState('load');
}

describe('sign-in and user management', () => {
  it('a wrong password is explained next to the fields and the page stays accessible', async () => {
    const { context, page } = await openPage(ctx.browser, ctx.server.url('/sign-in'));
    try {
      await assertNoAxeViolations(page, '/sign-in');
      await signIn(page, 'admin', 'wrong-password-1');
      const error = page.locator('#sign-in-error');
      assert.match(await error.textContent(), /아이디 또는 비밀번호가 맞지 않습니다/);
      assert.equal(await page.getByLabel('아이디').getAttribute('aria-describedby'), 'sign-in-error');
      await assertNoAxeViolations(page, '/sign-in with an error');
    } finally {
      await context.close();
    }
  });

  it('the program office signs in, adds a user, and signs out', async () => {
    const { context, page } = await openPage(ctx.browser, ctx.server.url('/sign-in'));
    try {
      await signIn(page, 'admin', PASSWORD);
      assert.equal(new URL(page.url()).pathname, '/account');
      await assertStructure(page, { lang: 'ko' });
      assert.match(await page.locator('.facts').textContent(), /공동 주관부처/);
      await assertNoAxeViolations(page, '/account');

      // A token with a scope and a lifetime, shown once, then listed with both.
      await page.locator('#token-name').fill('통계 연계');
      // KRDS draws checkboxes and radios in their labels, which take the click.
      await page.locator('label[for=write-grievances]').click();
      await page.locator('label[for=days-30]').click();
      assert.ok(await page.locator('#write-grievances').isChecked());
      await page.getByRole('button', { name: '토큰 만들기' }).click();
      await page.waitForLoadState('load');
      assert.match(await page.locator('.notice-ok').textContent(), /한 번만 보여 드립니다: [0-9a-f]{64}/);
      assert.match(await page.locator('#tokens').textContent(), /통계 연계[\s\S]*읽기, 쓰기: 애로사항[\s\S]*쓰지 않음/);
      await assertNoAxeViolations(page, '/account with a token');

      await page.goto(ctx.server.url('/admin/tokens'));
      await assertStructure(page, { lang: 'ko' });
      assert.match(await page.locator('#token-register').textContent(), /admin[\s\S]*통계 연계/);
      await assertNoAxeViolations(page, '/admin/tokens');
      await page.getByRole('button', { name: '회수 admin 통계 연계' }).click();
      await page.waitForLoadState('load');
      assert.equal(await page.getByRole('button', { name: /^회수/ }).count(), 0, 'revoked: no button left');

      await page.goto(ctx.server.url('/admin/users'));
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, '/admin/users');
      await page.locator('#new-login').fill('park');
      await page.locator('#new-name').fill('박평가위원');
      await page.locator('#new-password').fill(PASSWORD);
      await page.locator('#new-role').selectOption('evaluator');
      await page.getByRole('button', { name: '추가' }).click();
      await page.waitForLoadState('load');
      assert.match(await page.locator('#users').textContent(), /park[\s\S]*박평가위원[\s\S]*민간 평가위원/);

      await page.goto(ctx.server.url('/admin/audit?subject=user%3A3'));
      await assertStructure(page, { lang: 'ko' });
      assert.match(await page.locator('#audit').textContent(), /user\.create/);
      await assertNoAxeViolations(page, '/admin/audit');

      await page.getByRole('button', { name: '로그아웃' }).click();
      await page.waitForLoadState('load');
      assert.equal(new URL(page.url()).pathname, '/');
      assert.equal(await page.getByRole('link', { name: '로그인' }).count(), 1);
      const again = await page.goto(ctx.server.url('/admin/users'));
      assert.equal(again.status(), 401);
    } finally {
      await context.close();
    }
  });

  it('an official registers her address, chooses her mail and makes a calendar address; the office reads the outbox', async () => {
    const { context, page } = await openPage(ctx.browser, ctx.server.url('/sign-in?next=/account/notifications'));
    try {
      await signIn(page, 'kim', PASSWORD);
      assert.equal(new URL(page.url()).pathname, '/account/notifications');
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, '/account/notifications');
      await page.getByLabel('이메일 주소').fill('kim@@gg');
      await page.getByRole('button', { name: '확인 메일 보내기' }).click();
      await page.waitForLoadState('load');
      assert.match(await page.locator('#mail-error').textContent(), /이메일 주소 형식이 아닙니다/);
      assert.match(await page.getByLabel('이메일 주소').getAttribute('aria-describedby'), /mail-error/);
      await assertNoAxeViolations(page, '/account/notifications with an error');
      await page.getByLabel('이메일 주소').fill('kim@gg.go.kr');
      await page.getByRole('button', { name: '확인 메일 보내기' }).click();
      await page.waitForLoadState('load');
      assert.match(await page.locator('#mail-notice').textContent(), /kim@gg\.go\.kr\(으\)로 확인 메일을 보냈습니다/);
      assert.match(await page.locator('#email-state').textContent(), /확인 전/);
      assert.match(await page.locator('#my-mail').textContent(), /이메일 주소를 확인해 주십시오/);
      await page.locator('label[for=pref-events]').click();
      await page.getByRole('button', { name: '설정 저장' }).click();
      await page.waitForLoadState('load');
      assert.equal(await page.locator('#pref-events').isChecked(), false);
      await page.getByRole('button', { name: '구독 주소 만들기' }).click();
      await page.waitForLoadState('load');
      const feed = await page.locator('#feed-url').inputValue();
      assert.match(feed, /\/calendar\/[0-9a-f]{64}\.ics$/);
      await assertNoAxeViolations(page, '/account/notifications with a new calendar address');
      const ics = await page.request.get(feed);
      assert.equal(ics.status(), 200);
      assert.match(await ics.text(), /BEGIN:VCALENDAR/);

      await page.goto(ctx.server.url('/account/email/verify?token=forged'));
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, '/account/email/verify');
      await page.getByRole('button', { name: '주소 확인' }).click();
      await page.waitForLoadState('load');
      assert.match(await page.locator('#verify-error').textContent(), /확인 링크가 맞지 않거나/);
      await assertNoAxeViolations(page, '/account/email/verify refused');
    } finally {
      await context.close();
    }
    const office = await openPage(ctx.browser, ctx.server.url('/sign-in?next=/admin/outbox'));
    try {
      await signIn(office.page, 'admin', PASSWORD);
      const page = office.page;
      assert.equal(new URL(page.url()).pathname, '/admin/outbox');
      await assertStructure(page, { lang: 'ko' });
      assert.match(await page.locator('#outbox').textContent(), /kim@gg\.go\.kr[\s\S]*이메일 주소를 확인해 주십시오[\s\S]*대기/);
      await assertNoAxeViolations(page, '/admin/outbox');
    } finally {
      await office.context.close();
    }
  });

  it('a province officer is refused the user pages', async () => {
    const { context, page } = await openPage(ctx.browser, ctx.server.url('/sign-in'));
    try {
      await signIn(page, 'kim', PASSWORD);
      const refused = await page.goto(ctx.server.url('/admin/users'));
      assert.equal(refused.status(), 403);
      assert.match(await page.locator('h1').textContent(), /권한이 없습니다/);
      await assertNoAxeViolations(page, '/admin/users as a province');
    } finally {
      await context.close();
    }
  });

  it('two minutes before the session ends a warning offers to extend it', async () => {
    const { context, page } = await openPage(ctx.browser, ctx.server.url('/sign-in'));
    try {
      await page.clock.install();
      await signIn(page, 'kim', PASSWORD);
      const expiresAt = Number(await page.locator('meta[name=sandan-session-expires]').getAttribute('content'));
      assert.equal(await page.locator('.session-warning').count(), 0);
      await page.clock.fastForward('28:30');
      const warning = page.getByRole('alertdialog');
      await warning.waitFor();
      assert.match(await warning.textContent(), /분 남았습니다/);
      await assertNoAxeViolations(page, 'the session warning');
      const extended = page.waitForResponse((r) => r.url().endsWith('/session/extend'));
      await warning.getByRole('button', { name: '로그인 연장' }).click();
      const response = await extended;
      assert.equal(response.status(), 200);
      assert.ok((await response.json()).expires_at >= expiresAt, 'the server restarted the idle timer');
    } finally {
      await context.close();
    }
  });
});
