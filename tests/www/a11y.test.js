// axe-core (WCAG 2.1 A and AA) on every page of the playground, light and
// dark, and on Guidepost's card and chip as the Try it box shows them: the
// page opens its shadow roots here (an init script), so axe reaches inside
// the card and the chip, which the extension keeps closed.
//   (needs build/www: ./build.sh, or node www/build.mjs after it)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const AXE = readFileSync(join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let server;
let browser;
let base;

before(async () => {
  assert.ok(existsSync(join(REPO, 'build', 'www', 'index.html')), 'build/www is missing: run ./build.sh first');
  server = spawn(process.execPath, [join(REPO, 'www', 'serve.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  base = await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve(m[0]);
    });
    server.on('exit', (code) => reject(new Error(`serve.mjs exited (${code}): ${out}`)));
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

/** A page in `scheme`, its shadow roots opened for axe. */
async function pageIn(scheme) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US', colorScheme: scheme });
  await context.addInitScript(() => {
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function open(init) {
      return attach.call(this, { ...init, mode: 'open' });
    };
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

/** axe's violations on the page as it is: "rule (impact): target, …" lines. */
async function violations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG);
  assert.ok(result.passes.length > 10, 'axe ran its checks');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
}

for (const scheme of ['light', 'dark']) {
  test(`every playground page has no WCAG 2.1 AA violation (${scheme})`, async () => {
    const page = await pageIn(scheme);
    const found = [];
    for (const hash of ['#/try', '#/guide', '#/authors', '#/install']) {
      await page.goto('about:blank');
      await page.goto(`${base}${hash}`);
      await page.waitForSelector('body[data-ready="true"]');
      for (const v of await violations(page)) found.push(`${hash}: ${v}`);
    }
    await page.context().close();
    assert.deepEqual(found, []);
  });

  test(`the chip and an open card have no WCAG 2.1 AA violation (${scheme})`, async () => {
    const page = await pageIn(scheme);
    await page.goto(`${base}#/try`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('#post');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type('Hetu 131052-308T. Mielestäni kaupungin päätös on virhe.');
    const at = await page.waitForFunction(() => {
      const range = [...CSS.highlights].filter(([k]) => k.startsWith('guidepost-risk')).flatMap(([, h]) => [...h])[0];
      const r = range?.getClientRects()[0];
      return r && { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const { x, y } = await at.jsonValue();
    await page.mouse.click(x, y);
    // The card and the chip are Guidepost's fixed hosts at the end of the body (open here).
    await page.waitForFunction(() => [...document.body.children].some((el) => el.shadowRoot?.querySelector('[role="dialog"]')));
    const roles = await page.evaluate(() => [...document.body.children].filter((el) => el.shadowRoot)
      .flatMap((el) => [...el.shadowRoot.querySelectorAll('[role]')].map((r) => r.getAttribute('role'))));
    assert.ok(roles.includes('dialog') && roles.includes('group'), `the card and the chip are rendered (${roles})`);
    const found = await violations(page);
    await page.context().close();
    assert.deepEqual(found, []);
  });
}
