// 애로사항 in the browser: a firm files about 반월·시화 from the complex's page without an
// account (a weak password refused, what was typed kept), sees its receipt number and follows
// the report; 경기's officer finds it in her list with the filer masked, reads it whole, takes
// and answers it; a firm signed in with an account files and finds it under its own reports;
// the first firm follows again by receipt number and password in another browser and rates the
// answer; the statistics page counts it. A second firm signs up itself (a wrong 사업자등록번호
// refused), proves its address through the mail the server really sends to a small SMTP
// mailbox, signs in and files with its details filled in and a photo attached, which its
// province downloads. Every page is axe-checked; the filing form reflows at 320 CSS px. The
// rules are the Rust tests' (crates/domain grievance, store and web tests).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { assertReflows, openPage, withPage } from './contract.mjs';
import { startMailbox } from './mailbox.mjs';
import { serverAndBrowser } from './setup.mjs';
import { submit, visitPage, withUserAs } from './session.mjs';

const PASSWORD = 'Sandan#2026plan';
const FOLLOW = 'Follow#2026';
// The mailbox starts first, so the server is told to deliver there.
const mail = { box: undefined };
const serverOptions = {
  users: [{ login: 'gyeonggi', name: '경기주무관', role: 'provincial-officer:경기', password: PASSWORD }],
  env: {},
};
before(async () => {
  mail.box = await startMailbox();
  serverOptions.env.SANDAN_MAIL_SMTP_URL = mail.box.url;
  serverOptions.env.SANDAN_MAIL_FROM = 'sandan@localhost';
});
after(() => mail.box?.close());
const ctx = serverAndBrowser(serverOptions);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** Fills the filing form's common fields. */
async function fillReport(page, title) {
  // KRDS draws the radio in its label, which takes the click.
  await page.getByRole('group', { name: '분류' }).getByText('인력', { exact: true }).click();
  assert.ok(await page.getByRole('radio', { name: '인력' }).isChecked());
  await page.getByLabel('제목').fill(title);
  await page.getByLabel('내용').fill('생산직 인력이 모자라 외국인 근로자 고용 한도를 늘려 주십시오.');
  await page.getByLabel('성명').fill('김민수');
  await page.getByLabel('기업·기관명').fill('(주)시화정밀');
  await page.getByLabel('사업자등록번호 (기업, 선택)').fill('124-81-00998');
  await page.getByLabel('전화번호').fill('031-123-4567');
}

describe('reporting a difficulty, handling it and following it', () => {
  let receipt;

  it('files from the complex page without an account and follows the report', async () => {
    const { context, page } = await openPage(ctx.browser, ctx.server.url('/complexes/banwol-sihwa'));
    try {
      await submit(page, page.getByRole('link', { name: '이 산업단지의 애로사항 접수' }));
      await visitPage(ctx, page, '/grievances/new?complex=banwol-sihwa', '/grievances/new');
      assert.equal(await page.getByLabel('산업단지', { exact: true }).inputValue(), 'banwol-sihwa');
      await fillReport(page, '외국인 근로자 고용 한도');
      await page.getByLabel('비밀번호', { exact: true }).fill('1234');
      await page.getByLabel('비밀번호 확인').fill('1234');
      await submit(page, page.getByRole('button', { name: '접수' }));
      assert.match(await page.locator('#form-errors').textContent(), /조회 비밀번호/);
      assert.equal(await page.getByLabel('제목').inputValue(), '외국인 근로자 고용 한도', 'what was typed is kept');
      await page.getByLabel('비밀번호', { exact: true }).fill(FOLLOW);
      await page.getByLabel('비밀번호 확인').fill(FOLLOW);
      await submit(page, page.getByRole('button', { name: '접수' }));
      assert.equal(new URL(page.url()).pathname, '/grievances/follow');
      assert.match(await page.locator('#filed').textContent(), /접수되었습니다/);
      receipt = (await page.locator('#receipt').textContent()).trim();
      assert.match(receipt, /^\d{4}-\d{6}$/);
      assert.equal((await page.locator('#handler').textContent()).trim(), '경기도');
      await visitPage(ctx, page, '/grievances/follow?filed=1', '/grievances/follow');
    } finally {
      await context.close();
    }
  });

  it('is found, read and answered by the province it was routed to', async () => {
    await withUserAs(ctx, 'gyeonggi', PASSWORD, async (page) => {
      await visitPage(ctx, page, '/grievances');
      const row = page.locator('#handled tbody tr', { hasText: receipt });
      assert.match(await row.textContent(), /김\*수/);
      await submit(page, row.getByRole('link', { name: receipt }));
      assert.match(await page.locator('#filer').textContent(), /031-123-4567/);
      await visitPage(ctx, page, new URL(page.url()).pathname, '/grievances/{id}');
      await submit(page, page.getByRole('button', { name: '배정 (내가 맡기)' }));
      assert.equal((await page.locator('#status').textContent()).trim(), '배정');
      await page.getByLabel('답변', { exact: true }).fill('고용허가제 고용 한도 특례를 안내합니다.');
      await submit(page, page.getByRole('button', { name: '답변 등록' }));
      assert.equal((await page.locator('#status').textContent()).trim(), '답변 완료');
      assert.match(await page.locator('#history').textContent(), /gyeonggi/);
    });
  });

  it('signs a firm up, proves its address by mail and files with its details and a photo', async () => {
    const { context, page } = await openPage(ctx.browser, ctx.server.url('/sign-in'));
    try {
      await submit(page, page.getByRole('link', { name: '회원가입' }));
      await visitPage(ctx, page, '/sign-up');
      await page.getByLabel('기업명').fill('(주)시화정밀');
      await page.getByLabel('사업자등록번호').fill('124-81-00990');
      await page.getByLabel('성명').fill('박지영');
      await page.getByLabel('이메일').fill('park@sihwa.example');
      await page.getByLabel('아이디').fill('park.sihwa');
      await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
      await page.getByLabel('비밀번호 확인').fill(PASSWORD);
      await submit(page, page.getByRole('button', { name: '가입 신청' }));
      assert.match(await page.locator('#form-errors').textContent(), /검증번호/);
      assert.equal(await page.getByLabel('기업명').inputValue(), '(주)시화정밀', 'what was typed is kept');
      await assertNoAxeViolations(page, '/sign-up refused');
      await page.getByLabel('사업자등록번호').fill('124-81-00998');
      await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
      await page.getByLabel('비밀번호 확인').fill(PASSWORD);
      await submit(page, page.getByRole('button', { name: '가입 신청' }));
      assert.match(await page.locator('#sign-up-sent').textContent(), /park@sihwa\.example/);

      const letter = await mail.box.waitFor('park@sihwa.example');
      const link = /https?:\/\/\S+\/account\/email\/verify\?token=[0-9a-f]+/.exec(letter.text)?.[0];
      assert.ok(link, letter.text);
      await page.goto(link);
      await submit(page, page.getByRole('button', { name: '주소 확인' }));
      assert.match(await page.locator('#verify-done').textContent(), /가입이 끝났습니다/);
    } finally {
      await context.close();
    }

    await withUserAs(ctx, 'park.sihwa', PASSWORD, async (page) => {
      await visitPage(ctx, page, '/grievances/new');
      assert.equal(await page.getByLabel('기업·기관명').inputValue(), '(주)시화정밀', 'filled from the account');
      assert.equal(await page.getByLabel('이메일').inputValue(), 'park@sihwa.example');
      await page.getByLabel('산업단지', { exact: true }).selectOption('banwol-sihwa');
      await fillReport(page, '폐수 처리 시설 증설');
      await page.getByLabel('첨부파일 (선택)').setInputFiles({ name: '현장 사진.png', mimeType: 'image/png', buffer: PNG });
      assert.equal(await page.getByLabel('비밀번호 확인').count(), 0, 'no password with an account');
      await submit(page, page.getByRole('button', { name: '접수' }));
      assert.match(new URL(page.url()).pathname, /^\/grievances\/\d+$/);
      assert.equal(await page.locator('#filer').count(), 0, 'the filer sees her report, not the handling form');
      assert.match(await page.locator('#files').textContent(), /현장 사진\.png/);
      await visitPage(ctx, page, '/grievances');
      assert.match(await page.locator('#filed').textContent(), /폐수 처리 시설 증설/);
    });

    await withUserAs(ctx, 'gyeonggi', PASSWORD, async (page) => {
      await visitPage(ctx, page, '/grievances');
      await submit(page, page.locator('#handled tbody tr', { hasText: '폐수 처리 시설 증설' }).getByRole('link').first());
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '현장 사진.png' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), '현장 사진.png');
    });
  });

  it('follows by receipt number in another browser, rates the answer and is counted', async () => {
    const { context, page } = await openPage(ctx.browser, ctx.server.url('/grievances/follow'));
    try {
      await page.getByLabel('접수번호').fill(receipt);
      await page.getByLabel('조회 비밀번호').fill('Wrong#2026x');
      await submit(page, page.getByRole('button', { name: '조회' }));
      assert.match(await page.locator('#form-errors').textContent(), /접수번호나 비밀번호가 맞지 않습니다/);
      await page.getByLabel('조회 비밀번호').fill(FOLLOW);
      await submit(page, page.getByRole('button', { name: '조회' }));
      assert.match(await page.locator('#answer').textContent(), /특례/);
      assert.doesNotMatch(await page.locator('#history').textContent(), /gyeonggi/, 'bodies, not officials');
      await visitPage(ctx, page, '/grievances/follow');
      await page.locator('label[for="score-4"]').click();
      await submit(page, page.getByRole('button', { name: '평가' }));
      assert.equal((await page.locator('#rating').textContent()).trim(), '4 / 5');
      await visitPage(ctx, page, '/grievances/statistics');
      assert.match(await page.locator('#grievance-regions').textContent(), /경기/);
      assert.match(await page.locator('#grievance-stats-program').textContent(), /4\.0점 \(1명\)/);
    } finally {
      await context.close();
    }
    await withPage(ctx.browser, ctx.server.url('/grievances/new'), ({ page: narrow }) => assertReflows(narrow),
      { viewport: { width: 320, height: 640 } });
  });
});
