// The card and keyboard scenarios of tests/e2e/card-scenarios.js on the
// playground's Try it box: the same scenarios the extension passes in Lexical
// (tests/e2e/card-keyboard.test.js), since both run the one controller.
//   (needs build/www: ./build.sh, or node www/build.mjs after it)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { highlights, waitFor } from '../e2e/harness.js';
import { cardScenarios } from '../e2e/card-scenarios.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let server;
let browser;
let page;

before(async () => {
  assert.ok(existsSync(join(REPO, 'build', 'www', 'index.html')), 'build/www is missing: run ./build.sh first');
  server = spawn(process.execPath, [join(REPO, 'www', 'serve.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const base = await new Promise((resolve, reject) => {
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
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('pageerror', (e) => { throw e; });
  await page.goto(`${base}#/try`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

const postText = () => page.evaluate(() => document.querySelector('#post').innerText);

test('playground (Try it): card and keys', async (t) => {
  await cardScenarios(t, () => ({
    page,
    selector: '#post',
    modelText: postText,
    async clear() {
      await page.click('#clear-post');
      await waitFor(async () => (await postText()).trim() === '', { what: 'an empty box' });
      await waitFor(async () => Object.values(await highlights(page)).flat().length === 0, { what: 'no underlines' });
    },
  }));
});
