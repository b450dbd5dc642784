// A panic in the wasm core is not a dead end (issue 13, item 14): its message
// and location reach the console (console_error_panic_hook), and the
// background drops the panicked checker, builds a fresh one for the next
// check and has the chip say so once. The panic comes from
// Checker.panicForTest, which only the extension's own pages can reach.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, chip, inContentWorld, launch, openFacebook, waitFor, waitForHighlight } from './harness.js';
import { Checker } from '../../build/pkg/guidepost.js';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  browser?.removeProfile();
});

test('in Node, the same wasm: a panic names itself on the console; a fresh checker works after it', () => {
  analyze('warm up'); // instantiates the module (the harness's own checker)
  const said = [];
  const original = console.error;
  console.error = (...args) => said.push(args.join(' '));
  try {
    assert.throws(() => new Checker().panicForTest(), WebAssembly.RuntimeError);
  } finally {
    console.error = original;
  }
  const message = said.join('\n');
  assert.match(message, /a panic on purpose/, 'the panic message, not a bare "unreachable"');
  assert.match(message, /src[/\\]wasm\.rs/, 'and where it happened');
  const fresh = new Checker();
  assert.ok(JSON.parse(fresh.analyze('Kuulin, että kirjasto suljetaan.', 'fi')).findings.some((f) => f.category === 'rumor'));
});

test('in the extension: after a panic the next check is answered by a fresh checker, and the chip says so, for a few seconds', async () => {
  const page = await openFacebook(browser.context);
  await page.click('#lexical');
  await page.keyboard.type('Kuulin, että kirjasto suljetaan.');
  await waitForHighlight(page, 'guidepost-caution', 'Kuulin, että');

  const own = await browser.context.newPage();
  await own.goto(`chrome-extension://${browser.extensionId}/pages/popup.html`);
  const reply = await own.evaluate(() => chrome.runtime.sendMessage({ type: 'panicForTest' }));
  assert.match(String(reply?.error), /unreachable|RuntimeError/i, `the panic reached the caller: ${JSON.stringify(reply)}`);
  await own.close();

  await page.bringToFront();
  await page.click('#lexical');
  await page.keyboard.press('End');
  await page.keyboard.type(' Matti on idiootti.');
  await waitForHighlight(page, 'guidepost-risk', 'idiootti');
  const notice = 'Guidepost restarted its checker after an internal error.';
  await waitFor(async () => (await chip(page))?.text.includes(notice), { what: 'the restart notice in the chip' });
  await new Promise((r) => setTimeout(r, 5000)); // NOTICE_MS
  await page.keyboard.type(' Kiitos.');
  await waitFor(async () => {
    const c = await chip(page);
    return c && !c.text.includes(notice);
  }, { what: 'the notice gone at the next check' });
  await page.close();
});

test('a content script cannot make the checker panic', async () => {
  const page = await openFacebook(browser.context);
  const reply = await inContentWorld(page, browser.extensionId, "chrome.runtime.sendMessage({ type: 'panicForTest' })");
  assert.deepEqual(reply, { error: 'not allowed' });
  await page.close();
});
