// The page contract shared by the browser tests: which pages exist and what every page must do.

import assert from 'node:assert/strict';

export const STYLESHEET = '/static/krds/css/component/output.css';
export const FONT_FAMILY = 'Pretendard GOV';
export const FONT_PREFIX = '/static/krds/fonts/';

export const REGIONS_2021 = ['경기', '경남', '부산', '울산', '전북'];

/** Every Korean page the server must render (status 200). */
export const KOREAN_PAGES = [
  '/',
  '/rounds/2020',
  '/rounds/2021',
  '/rounds/2022',
  ...REGIONS_2021.map((r) => `/rounds/2021/plans/${r}`),
  '/rounds/2021/plans/gyeonggi',
  '/complexes/banwol-sihwa',
  '/complexes/myeongji-noksan',
  '/complexes',
  '/sign-in',
];

/** English pages checked in full (structure, assets and axe). */
export const ENGLISH_PAGES = ['/?lang=en', '/rounds/2021/plans/경기?lang=en'];

/** Pages that must reflow at 640×800 (200% zoom of a 1280-wide window). */
export const REFLOW_PAGES = ['/', ...REGIONS_2021.map((r) => `/rounds/2021/plans/${r}`)];

/** Public pages that must also reflow at 320×640 (400% zoom of a 1280-wide window, KWCAG 2.2 / WCAG 1.4.10). */
export const NARROW_PUBLIC_PAGES = [
  '/',
  '/rounds/2021',
  '/rounds/2021/plans/경기',
  '/complexes',
  '/complexes/banwol-sihwa',
  '/dashboard',
  '/sign-in',
];

/**
 * English pages whose every Korean passage must carry lang="ko" (WCAG 3.1.2) and whose title
 * has no Hangul: published names and texts stay Korean in the body, marked; titles are English.
 */
export const ENGLISH_LANGUAGE_PAGES = [
  '/?lang=en',
  '/rounds/2021?lang=en',
  '/rounds/2021/plans/경기?lang=en',
  '/complexes?lang=en',
  '/complexes/banwol-sihwa?lang=en',
  '/dashboard?lang=en',
  '/dashboard/jobs?lang=en',
  '/rounds/2021/results?lang=en',
  '/rounds/2020/plans/경북/results?lang=en',
  '/sign-in?lang=en',
];

export const decodedPath = (url) => decodeURIComponent(new URL(url).pathname);

/**
 * Opens `url` in a fresh browser context and records every response.
 * Returns { context, page, response, responses }; close with `await context.close()`.
 */
export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext({ locale: 'ko-KR', ...contextOptions });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const responses = [];
  page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
  const response = await page.goto(url, { waitUntil: 'load' });
  return { context, page, response, responses };
}

/** Runs `fn(opened)` on a freshly opened page and always closes its context. */
export async function withPage(browser, url, fn, contextOptions) {
  const opened = await openPage(browser, url, contextOptions);
  try {
    return await fn(opened);
  } finally {
    await opened.context.close();
  }
}

/** lang, title, exactly one h1, <main id="main">, tables with caption and th scope. */
export async function assertStructure(page, { lang }) {
  const facts = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    title: document.title.trim(),
    h1s: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    mainTag: document.getElementById('main')?.tagName ?? null,
    tablesWithoutCaption: [...document.querySelectorAll('table')]
      .filter((t) => !t.querySelector(':scope > caption') || !t.querySelector(':scope > caption').textContent.trim())
      .map((t) => t.outerHTML.slice(0, 120)),
    thWithoutScope: [...document.querySelectorAll('th')]
      .filter((th) => !['row', 'col', 'rowgroup', 'colgroup'].includes(th.getAttribute('scope')))
      .map((th) => th.outerHTML.slice(0, 120)),
  }));
  const where = page.url();
  assert.equal(facts.lang, lang, `<html lang> should be "${lang}" on ${where}`);
  assert.ok(facts.title.length > 0, `<title> is empty on ${where}`);
  assert.equal(facts.h1s.length, 1, `expected exactly one <h1> on ${where}, found ${facts.h1s.length}: ${JSON.stringify(facts.h1s)}`);
  assert.ok(facts.h1s[0].length > 0, `the <h1> is empty on ${where}`);
  assert.equal(facts.mainTag, 'MAIN', `the element with id="main" should be <main> on ${where} (found ${facts.mainTag})`);
  assert.deepEqual(facts.tablesWithoutCaption, [], `every <table> needs a non-empty <caption> on ${where}`);
  assert.deepEqual(facts.thWithoutScope, [], `every <th> needs scope="col|row|colgroup|rowgroup" on ${where}`);
  return facts;
}

/** Tab once from the top focuses the skip link; Enter moves focus into or onto <main id="main">. */
export async function assertSkipLink(page, { text }) {
  const where = page.url();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return el ? { tag: el.tagName, href: el.getAttribute('href'), text: el.textContent.trim(), html: el.outerHTML.slice(0, 120) } : null;
  });
  assert.ok(focused && focused.tag === 'A' && focused.href === '#main',
    `the first Tab should focus <a href="#main">; it focused ${focused?.html ?? 'nothing'} on ${where}`);
  if (text !== undefined) {
    assert.equal(focused.text, text, `the skip link's text should be "${text}" on ${where}`);
  } else {
    assert.ok(focused.text.length > 0, `the skip link has no text on ${where}`);
  }
  await page.keyboard.press('Enter');
  const inMain = await page
    .waitForFunction(() => {
      const main = document.getElementById('main');
      const el = document.activeElement;
      return !!main && !!el && (el === main || main.contains(el));
    }, null, { timeout: 3_000 })
    .then(() => true, () => false);
  if (!inMain) {
    const now = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing');
    assert.fail(`after Enter on the skip link focus should be in or on <main id="main">, but it is on ${now} ` +
      `(on ${where}); <main id="main" tabindex="-1"> lets the main region take focus`);
  }
}

/** The KRDS stylesheet is linked and loads with 200; the Pretendard GOV font loads. */
export async function assertAssets(page, responses) {
  const where = page.url();
  const linked = await page.evaluate((href) =>
    [...document.querySelectorAll('link[rel~="stylesheet"]')].some((l) => l.getAttribute('href') === href), STYLESHEET);
  assert.ok(linked, `<link rel="stylesheet" href="${STYLESHEET}"> is missing on ${where}`);
  const css = responses.find((r) => new URL(r.url).pathname === STYLESHEET);
  assert.ok(css, `the browser never requested ${STYLESHEET} on ${where}`);
  assert.equal(css.status, 200, `${STYLESHEET} returned ${css.status} on ${where}`);

  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].map((f) => ({ family: f.family.replace(/^["']|["']$/g, ''), status: f.status, weight: f.weight }));
  });
  const fontLoaded = fonts.some((f) => f.family === FONT_FAMILY && f.status === 'loaded');
  const fontResponses = responses.filter((r) => new URL(r.url).pathname.startsWith(FONT_PREFIX) && r.url.endsWith('.woff2'));
  const fontFetched = fontResponses.some((r) => r.status === 200);
  assert.ok(fontLoaded || fontFetched,
    `the "${FONT_FAMILY}" font did not load on ${where}. document.fonts: ${JSON.stringify(fonts)}; ` +
    `font requests: ${JSON.stringify(fontResponses)}. Declare @font-face for it with ${FONT_PREFIX}PretendardGOV-*.subset.woff2`);

  const origin = new URL(where).origin;
  const failed = responses.filter((r) => r.url.startsWith(origin) && r.status >= 400 && r.url !== where
    && new URL(r.url).pathname !== '/favicon.ico');
  assert.deepEqual(failed, [], `same-origin resources failed to load on ${where}`);
}

/** The "English" link leads to the same page with ?lang=en, whose <html lang> is "en". */
export async function assertEnglishLink(page) {
  const from = page.url();
  const link = page.locator('a').filter({ hasText: /^\s*English\s*$/ }).first();
  assert.equal(await link.count(), 1, `no link with the text "English" on ${from}`);
  await Promise.all([
    page.waitForURL((u) => u.href !== from, { waitUntil: 'load' }),
    link.click(),
  ]);
  const to = new URL(page.url());
  assert.equal(decodeURIComponent(to.pathname), decodedPath(from), `the English link on ${from} should keep the path; it went to ${to.href}`);
  assert.equal(to.searchParams.get('lang'), 'en', `the English link on ${from} should add ?lang=en; it went to ${to.href}`);
  const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  assert.equal(lang, 'en', `<html lang> should be "en" on ${to.href}`);
}

/** Decoded pathnames of every link on the page, in document order. */
export function linkPaths(page) {
  return page.locator('a[href]').evaluateAll((as) => as.map((a) => {
    try { return decodeURIComponent(new URL(a.href).pathname); } catch { return null; }
  }));
}

/** Clicks the first visible same-origin link whose path is `target` and waits for the new page. */
export async function clickLinkTo(page, target) {
  const links = page.locator('a[href]');
  const index = await links.evaluateAll((as, t) => as.findIndex((a) => {
    try {
      const u = new URL(a.href);
      const visible = typeof a.checkVisibility === 'function' ? a.checkVisibility() : a.getClientRects().length > 0;
      return u.origin === location.origin && decodeURIComponent(u.pathname) === t && visible;
    } catch { return false; }
  }), target);
  assert.notEqual(index, -1, `no visible link to ${target} on ${page.url()}`);
  const from = page.url();
  await Promise.all([
    page.waitForURL((u) => u.href !== from, { waitUntil: 'load' }),
    links.nth(index).click(),
  ]);
}

/** documentElement does not scroll horizontally; lists the elements that stick out if it does. */
export async function assertNoHorizontalScroll(page) {
  const r = await page.evaluate(() => {
    const de = document.documentElement;
    const limit = de.clientWidth + 1;
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > limit)
      .slice(0, 8)
      .map((el) => {
        const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`;
      });
    return { scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, wide };
  });
  assert.ok(r.scrollWidth <= r.clientWidth + 1,
    `horizontal scroll at ${r.clientWidth}px on ${page.url()}: scrollWidth ${r.scrollWidth}. Elements past the edge:\n  ${r.wide.join('\n  ')}`);
}

/**
 * The page reflows at its viewport width without losing content (KWCAG 2.2 / WCAG 1.4.10):
 * neither <html> nor <body> hides horizontal overflow, the page does not scroll sideways, no
 * form control reaches past the viewport's right edge unless it sits in a box that scrolls
 * within the viewport, and every box that does scroll sideways can be reached from the keyboard
 * (tabindex="0", role="region" and a name).
 */
export async function assertReflows(page) {
  const r = await page.evaluate(() => {
    const de = document.documentElement;
    const width = de.clientWidth;
    const describe = (el) => {
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const id = el.id ? `#${el.id}` : '';
      const name = el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : '';
      const rect = el.getBoundingClientRect();
      const table = el.querySelector('table[id]');
      const holds = table ? ` holding table#${table.id}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls}${name}${holds} (${Math.round(rect.left)}–${Math.round(rect.right)}px, ${Math.round(rect.width)}px wide)`;
    };
    const scrollsSideways = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    /** The nearest ancestor that scrolls sideways and itself lies within the viewport. */
    const scroller = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (scrollsSideways(a)) {
          const rect = a.getBoundingClientRect();
          return rect.left >= -1 && rect.right <= width + 1 ? a : null;
        }
      }
      return null;
    };
    const controls = [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
      .filter((el) => shown(el) && !el.closest('.sr-only'));
    const cutOff = controls
      .filter((el) => { const rect = el.getBoundingClientRect(); return rect.right > width + 1 || rect.left < -1; })
      .filter((el) => !scroller(el))
      .map(describe);
    const unreachable = [...document.body.querySelectorAll('*')]
      .filter((el) => scrollsSideways(el) && el.scrollWidth > el.clientWidth + 1 && shown(el))
      .filter((el) => !(el.getAttribute('tabindex') === '0' && el.getAttribute('role') === 'region'
        && (el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby'))))
      .map(describe);
    return {
      width,
      scrollWidth: de.scrollWidth,
      htmlOverflowX: getComputedStyle(de).overflowX,
      bodyOverflowX: getComputedStyle(document.body).overflowX,
      cutOff,
      unreachable,
    };
  });
  const where = page.url();
  const problems = [];
  for (const [element, value] of [['html', r.htmlOverflowX], ['body', r.bodyOverflowX]]) {
    if (['hidden', 'clip'].includes(value)) {
      problems.push(`<${element}> has overflow-x: ${value}: what is past the edge is hidden instead of reflowing`);
    }
  }
  if (r.scrollWidth > r.width + 1) problems.push(`the page scrolls sideways: scrollWidth ${r.scrollWidth}`);
  if (r.cutOff.length > 0) {
    problems.push(`form controls reach past the right edge (give them max-width: 100%):\n    ${r.cutOff.join('\n    ')}`);
  }
  if (r.unreachable.length > 0) {
    problems.push('boxes scroll sideways without being reachable by keyboard (wrap them as ' +
      `<div class="table-scroll" tabindex="0" role="region" aria-labelledby=…>):\n    ${r.unreachable.join('\n    ')}`);
  }
  if (problems.length > 0) assert.fail(`${where} does not reflow at ${r.width}px:\n  ${problems.join('\n  ')}`);
  await assertNoHorizontalScroll(page);
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;

/**
 * On an English page: every text node with Hangul has lang="ko" on its nearest ancestor with a
 * lang attribute (WCAG 3.1.2), the same holds for visible names given in attributes (aria-label,
 * placeholder, title), and the title has no Hangul at all (a <title> cannot mark a passage).
 */
export async function assertKoreanMarked(page) {
  const r = await page.evaluate((source) => {
    const hangul = new RegExp(source);
    const langOf = (el) => el.closest('[lang]')?.getAttribute('lang') ?? null;
    const path = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
        parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`);
      }
      return parts.join(' > ');
    };
    const unmarked = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || ['SCRIPT', 'STYLE'].includes(el.tagName) || !hangul.test(node.data)) continue;
      const lang = langOf(el);
      if (lang !== 'ko') unmarked.push(`${path(el)} [lang=${lang}]: ${JSON.stringify(node.data.trim().slice(0, 80))}`);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = el.getAttribute(attr);
        if (value && hangul.test(value) && langOf(el) !== 'ko') unmarked.push(`${path(el)} @${attr}: ${JSON.stringify(value.slice(0, 80))}`);
      }
    }
    return { title: document.title, unmarked };
  }, HANGUL.source);
  const where = page.url();
  assert.doesNotMatch(r.title, HANGUL, `the title of the English page ${where} has Korean in it: ${JSON.stringify(r.title)}`);
  if (r.unmarked.length > 0) {
    assert.fail(`${r.unmarked.length} Korean passage(s) on the English page ${where} are not marked lang="ko" ` +
      `(translate the interface; wrap published Korean in an element with lang="ko"):\n  ${r.unmarked.slice(0, 60).join('\n  ')}`);
  }
}
