// 산업단지 현황 가져오기 in the browser: the office opens the import page from her account,
// uploads a quarter's CSV, reads the preview and its review queue, registers the unknown complex
// and loads the file, then finds the complex's page with the file's facts. Every page is
// axe-checked. The rules are the Rust tests' (crates/domain registry, store and web tests).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoAxeViolations } from './browser.mjs';
import { assertStructure } from './contract.mjs';
import { serverAndBrowser } from './setup.mjs';
import { submit, visitPage, withUserAs } from './session.mjs';

const PASSWORD = 'Sandan#2026plan';
const ctx = serverAndBrowser({
  users: [{ login: 'office', name: '사업단', role: 'program-office', password: PASSWORD }],
});

const CSV = [
  '유형,시도,시군,단지명,지정면적(천제곱미터),입주업체(개),가동업체(개),고용(명),생산(억원),수출(백만달러)',
  '국가,전북,군산시,군산국가산단,"6,762","1,010",900,"15,000","30,000",900',
  '일반,전북,완주군,어느새일반산업단지,10,5,5,20,10,1',
  ',전북 계,,,,,,,,',
  '※ 자료: 한국산업단지공단',
].join('\r\n');

describe('registry import', () => {
  it('the office previews a registry file, registers its unknown complex and loads it', async () => {
    await withUserAs(ctx, 'office', PASSWORD, async (page) => {
      await visitPage(ctx, page, '/account');
      await submit(page, page.getByRole('link', { name: /산업단지 현황 가져오기/ }));
      assert.equal(new URL(page.url()).pathname, '/registry');
      await visitPage(ctx, page, '/registry');
      await page.getByLabel(/현황 파일/).setInputFiles({
        name: '2024-Q4.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`\ufeff${CSV}`, 'utf8'),
      });
      await page.getByLabel(/통계 분기/).fill('2024-Q4');
      const previewed = await submit(page, page.getByRole('button', { name: '미리 보기' }));
      assert.equal(previewed.status(), 200);
      assert.match(await page.locator('#outcome').textContent(), /미리보기만 했습니다/);
      assert.match(await page.locator('#review-0 legend').textContent(), /어느새일반산업단지/);
      await assertStructure(page, { lang: 'ko' });
      await assertNoAxeViolations(page, 'the preview');
      // KRDS draws the radio in its label, which takes the click.
      await page.locator('label[for="choice-0-create"]').click();
      assert.ok(await page.getByRole('radio', { name: '새 산업단지로 등록' }).isChecked());
      await page.getByLabel(/새 산업단지 id/).fill('wanju-eoneusae');
      const loaded = await submit(page, page.getByRole('button', { name: '반영하기' }));
      assert.equal(loaded.status(), 200);
      assert.match(await page.locator('#outcome').textContent(), /반영했습니다/);
      await assertNoAxeViolations(page, 'the load');
      await visitPage(ctx, page, '/complexes/wanju-eoneusae');
      assert.match(await page.locator('#registry').textContent(), /완주군/);
    });
  });

  it('the office adds a linked area by hand, is told what is wrong, and corrects it', async () => {
    await withUserAs(ctx, 'office', PASSWORD, async (page) => {
      await visitPage(ctx, page, '/complexes');
      await submit(page, page.getByRole('link', { name: '산업단지·연계지역 등록' }));
      assert.equal(new URL(page.url()).pathname, '/complexes/new');
      await assertNoAxeViolations(page, 'the entry form');
      await page.getByLabel('식별자', { exact: true }).fill('siheung-baegot');
      await page.getByLabel('이름', { exact: true }).fill('시흥 배곧 연계지역');
      await page.getByLabel('유형', { exact: true }).selectOption('other_area');
      await page.getByLabel('소재 시·도').selectOption('경기');
      await page.getByLabel('지정면적 (㎡)').fill('4,900,000');
      const refused = await submit(page, page.getByRole('button', { name: '저장' }));
      assert.equal(refused.status(), 422);
      assert.match(await page.locator('#form-errors').textContent(), /출처를 하나 이상/);
      assert.equal(await page.getByLabel('지정면적 (㎡)').inputValue(), '4,900,000', 'what was typed stays');
      await assertNoAxeViolations(page, 'the refused entry');
      await page.getByLabel('새 출처의 식별자').fill('siheung-gazette');
      await page.getByLabel('새 출처의 제목').fill('시흥시 고시');
      await page.getByLabel('새 출처의 발행 기관').fill('시흥시');
      const saved = await submit(page, page.getByRole('button', { name: '저장' }));
      assert.equal(saved.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/complexes/siheung-baegot');
      assert.equal(await page.locator('#area').textContent(), '4,900,000㎡');
      await submit(page, page.getByRole('link', { name: '이 단지의 기본 정보 수정' }));
      await assertNoAxeViolations(page, 'the edit form');
      await page.getByLabel('관리기관').fill('시흥시');
      await submit(page, page.getByRole('button', { name: '저장' }));
      assert.equal(await page.locator('#managed-by').textContent(), '시흥시');
    });
  });
});
