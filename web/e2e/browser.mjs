// Headless Debian Chromium through playwright-core, and axe-core accessibility checks.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const CHROMIUM_PATH = process.env.SANDAN_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium. Close it with `await browser.close()`. */
export async function launchBrowser() {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new Error(
      `could not start Chromium at ${CHROMIUM_PATH}: ${err.message}\n` +
      'Install Debian\'s Chromium with `apt-get install -y --no-install-recommends chromium` (./test does this).',
    );
  }
}

// ---------------------------------------------------------------- axe

export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let axeSource;

/**
 * Runs axe-core on the page's current document with the WCAG 2.0/2.1/2.2 A and AA rules.
 * Returns axe's `violations` array (empty when the page passes).
 */
export async function axeCheck(page) {
  const present = () => page.evaluate(() => typeof window.axe?.run === 'function');
  if (!(await present())) {
    try {
      await page.addScriptTag({ path: AXE_PATH });
    } catch {
      // A strict Content-Security-Policy can block the injected <script>; fall through.
    }
    if (!(await present())) {
      // Evaluating through the DevTools protocol is not subject to the page's CSP.
      axeSource ??= await readFile(AXE_PATH, 'utf8');
      await page.evaluate(axeSource);
    }
  }
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations;
  }, AXE_TAGS);
}

/** A developer-readable list of violations: id, impact, help, URL, first targets and what to fix. */
export function formatViolations(violations, label = '') {
  const lines = [`axe found ${violations.length} violation(s)${label ? ` on ${label}` : ''}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact ?? 'n/a'}] ${v.help} (${v.nodes.length} element(s)) ${v.helpUrl ?? ''}`.trimEnd());
    for (const node of v.nodes.slice(0, 3)) {
      const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' ');
      lines.push(`    at ${target}`);
      lines.push(`       ${node.html.replace(/\s+/g, ' ').slice(0, 160)}`);
      const summary = (node.failureSummary ?? '').split('\n').map((s) => s.trim()).filter(Boolean).slice(0, 4);
      for (const s of summary) lines.push(`       ${s}`);
    }
    if (v.nodes.length > 3) lines.push(`    … and ${v.nodes.length - 3} more`);
  }
  return lines.join('\n');
}

/** Fails with the formatted violation list unless axe finds none. */
export async function assertNoAxeViolations(page, label = page.url()) {
  const violations = await axeCheck(page);
  if (violations.length > 0) {
    assert.fail(formatViolations(violations, label));
  }
}
