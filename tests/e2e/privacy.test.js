// Private by construction: the extension makes no network request, leaves no
// global, answers no page, and its findings and card are out of the page's
// reach (closed shadow roots); only the shared highlight registry is visible.
// In each browser; how requests are seen differs (Chromium's net log,
// Firefox's proxy), what is asserted does not.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openFacebook, openLinkedIn, waitForHighlight, rectOf, openCard, waitFor, analyze, netlogRequests,
  insertAndMeasure, click, press, pause, BROWSERS,
} from './harness.js';

const RISKY = 'Kuulin, että Matti Virtanen (131052-308T) on idiootti';

for (const name of BROWSERS) describe(name, () => {
let browser;
let closed = false;
let page;
let linkedin;

before(async () => {
  browser = await launch({ browser: name });
  // What a page script could notice: CSP violation reports and messages.
  await browser.context.addInitScript(() => {
    window.__seen = { violations: [], messages: [] };
    addEventListener('securitypolicyviolation', (e) => window.__seen.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
    addEventListener('message', (e) => window.__seen.messages.push(e.data));
  });
  page = await openFacebook(browser.context);
  linkedin = await openLinkedIn(browser.context);
  await page.bringToFront();
  await click(page, '#lexical');
  await page.keyboard.type(RISKY);
  await waitForHighlight(page, 'guidepost-risk', '131052-308T');
  await linkedin.bringToFront();
  await click(linkedin, '#interop-outlet .ql-editor');
  await linkedin.keyboard.type('I heard that the caretaker is an idiot');
  await waitForHighlight(linkedin, 'guidepost-caution', 'I heard that');
});

after(async () => {
  if (!closed) await browser?.close();
  browser?.removeProfile();
});

test('a page script cannot read the card or the findings', async () => {
  await page.bringToFront();
  const finding = analyze(RISKY).findings.find((f) => f.category === 'personal-data');
  const at = await rectOf(page, 'guidepost-risk', '131052-308T');
  await page.mouse.click(at.x, at.y);
  const card = await waitFor(() => openCard(page), { what: 'the card' });
  assert.ok(card.text.includes(finding.message), 'the card is open and shows the message');
  const seen = await page.evaluate((message) => {
    const texts = [];
    const walk = (root) => {
      texts.push(root.textContent || '');
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document.body);
    return {
      textLeak: texts.some((t) => t.includes(message)),
      hostsWithOpenRoots: [...document.body.children].filter((el) => el.shadowRoot && !el.shadowRoot.querySelector('.ql-editor')).length,
      globals: Object.getOwnPropertyNames(window).filter((n) => /guidepost/i.test(n) || /^(gp|Gp)[A-Z]|^GP_/.test(n)),
      runtime: typeof window.chrome?.runtime,
    };
  }, finding.message);
  assert.equal(seen.textLeak, false, 'the message is nowhere in the page\'s DOM');
  assert.equal(seen.hostsWithOpenRoots, 0, 'Guidepost\'s hosts have closed shadow roots');
  assert.deepEqual(seen.globals, [], 'no Guidepost globals on window');
  assert.equal(seen.runtime, 'undefined', 'the page has no channel to the extension (no externally_connectable)');
  await press(page, 'Escape');
});

test('postMessage from the page is ignored', async () => {
  const before = await page.evaluate(() => window.__seen.messages.length);
  const tabs = (await browser.context.pages()).length;
  await page.evaluate((text) => {
    for (const type of ['analyze', 'wake', 'search', 'status', 'openGuide']) window.postMessage({ type, text, query: 'x', section: 'din-roll' }, '*');
  }, RISKY);
  await pause(700);
  const messages = await page.evaluate(() => window.__seen.messages);
  assert.equal(messages.length - before, 5, `only the page's own five messages: ${JSON.stringify(messages)}`);
  assert.equal((await browser.context.pages()).length, tabs, 'no guideline tab was opened by a page message');
});

test('no content-security-policy violation, though the page forbids wasm and eval', async () => {
  for (const p of [page, linkedin]) {
    assert.deepEqual(await p.evaluate(() => window.__seen.violations), []);
    const csp = await p.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    assert.ok(!/wasm-unsafe-eval|unsafe-eval/.test(csp), csp);
  }
});

test('checking goes on after the worker is stopped (and focus wakes it)', { skip: name !== 'chromium' && 'a service worker is Chromium\'s; Firefox runs the background as an event page, which Puppeteer cannot stop' }, async (t) => {
  await page.bringToFront();
  let worker = browser.worker;
  browser.context.on('serviceworker', (w) => { worker = w; });
  const stop = async () => {
    const closed = new Promise((resolve) => worker.once('close', resolve));
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
  };
  // Without a wake-up: the worker stops while the editor keeps the focus.
  await page.click('#textarea');
  await stop();
  const cold = await insertAndMeasure(page, 'Kuulin, että', 'guidepost-caution', 'Kuulin, että');
  // With one: the worker stops, then the focus comes to the editor.
  await press(page, 'ControlOrMeta+a');
  await press(page, 'Delete');
  await page.click('#lexical');
  await stop();
  await page.click('#textarea');
  await pause(400); // the user is about to type
  const warm = await insertAndMeasure(page, 'Kuulin, että', 'guidepost-caution', 'Kuulin, että');
  t.diagnostic(`first check after a stopped worker: ${cold?.toFixed(1)} ms cold, ${warm?.toFixed(1)} ms when woken on focus`);
  assert.ok(cold !== null && warm !== null, 'both got their underline: the content script survives worker restarts');
  // Both figures are printed; they are not compared: Chromium may restart a
  // stopped extension worker on its own before the first message comes.
  assert.ok(warm < 250, `the first check after a wake-up is quick (${warm} ms)`);
});

test('zero network requests from the extension; only the fixture\'s own', async (t) => {
  const expected = new Set(['/', '/assets/facebook.js', '/assets/linkedin.js', '/assets/quill.core.css', '/fixtures/fixture.css', '/fixtures/decoy.html', '/favicon.ico']);
  if (name === 'firefox') {
    // Every connection Firefox opens goes through the test's proxy, which
    // tunnels only the two fixture sites: anything else is in `refused`.
    const errors = browser.extensionErrors();
    await browser.close();
    closed = true;
    assert.deepEqual(browser.refused, [], 'no connection anywhere but the two fixture sites');
    assert.deepEqual(errors, [], 'no error from the extension\'s background or content script in Firefox\'s output');
    const paths = new Set(browser.server.requests.map((r) => r.path));
    assert.ok(paths.has('/'), 'the fixture server saw the session');
    assert.deepEqual([...paths].filter((p) => !expected.has(p)), [], 'the fixture server saw only the fixture\'s own requests');
    return;
  }
  const own = `chrome-extension://${browser.extensionId}`;
  await browser.close(); // the net log is complete once the browser has shut down
  closed = true;
  const requests = netlogRequests(browser.netlog);
  const browserOwn = requests.filter((r) => r.initiator === 'not an origin' && !/frame/.test(r.type));
  const hosts = new Set(browserOwn.map((r) => new URL(r.url).host));
  t.diagnostic(`Chromium's own background requests (initiator "not an origin", not the extension's): ${[...hosts].join(', ') || 'none'}`);
  const fromWeb = requests.filter((r) => !browserOwn.includes(r));
  assert.ok(fromWeb.some((r) => r.url === 'https://www.facebook.com/'), 'the net log recorded the session');
  const fixtureHosts = ['www.facebook.com', 'www.linkedin.com'];
  const foreign = fromWeb.filter((r) => !(r.url.startsWith('https://') && fixtureHosts.includes(new URL(r.url).hostname)) && !r.url.startsWith(`${own}/`));
  assert.deepEqual(foreign, [], 'every page or extension request went to the fixture sites or the extension\'s own package');
  const byExtension = fromWeb.filter((r) => r.initiator === own && !r.url.startsWith(`${own}/`));
  assert.deepEqual(byExtension, [], 'the extension\'s worker fetched nothing but its own package files');
  const paths = new Set(browser.server.requests.map((r) => r.path));
  assert.deepEqual([...paths].filter((p) => !expected.has(p)), [], 'the fixture server saw only the fixture\'s own requests');
});
});
