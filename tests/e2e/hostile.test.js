// A hostile page (issue 13, "The page"): it cannot use Guidepost as a
// classifier, cannot tell it is installed before anything is painted, cannot
// clear its underlines for good, cannot drive it with synthetic events or
// make it throw, cannot find the open card's text with window.find(), and a
// content script's `status` carries no settings. The organisation's policy
// (a confidential project name) is set through a real policy file, as IT
// would set it. In each browser: in Firefox what the page sees is checked the
// same way; what is read from the extension's side (the texts the worker was
// asked to analyse, the content script's own world) only in Chromium, where
// the DevTools protocol reaches it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXTENSION, GP_NAME, unpackedId, writePolicy, inContentWorld, launch, openFacebook, openLinkedIn, highlights, waitForHighlight, rectOf, openCard, waitFor,
  click, press, BROWSERS,
} from './harness.js';
import { writeFirefoxPolicy } from './firefox.js';

const SECRET = 'Projekt Merituuli';
const ID = '131052-308T';
const RISKY = `Kuulin, että Matti Virtanen (${ID}) on idiootti`;
const RISKY_TEXT = RISKY;
const extensionId = unpackedId(EXTENSION);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

for (const name of BROWSERS) describe(name, () => {
const chromiumOnly = name !== 'chromium' && 'read from the extension\'s side over the DevTools protocol, which Firefox does not speak';
let removePolicy = () => {};
let browser;
let page;
const exceptions = [];

/**
 * Every uncaught exception in the page's worlds (the page's and the content
 * script's): over CDP in Chromium; in Firefox the page's errors and the
 * extension's lines of Firefox's own output.
 */
async function watchExceptions(p) {
  if (name === 'firefox') {
    p.on('pageerror', (e) => exceptions.push(String(e?.message || e)));
    return null;
  }
  const cdp = await p.context().newCDPSession(p);
  cdp.on('Runtime.exceptionThrown', (e) => exceptions.push(e.exceptionDetails?.exception?.description || e.exceptionDetails?.text));
  await cdp.send('Runtime.enable');
  return cdp;
}

/** The texts the worker was asked to analyse (a listener beside the background's own; Chromium only). */
async function watchAnalyze() {
  if (!browser.worker) return;
  await browser.worker.evaluate(() => {
    self.__analyzed = [];
    chrome.runtime.onMessage.addListener((m) => {
      if (m?.type === 'analyze') self.__analyzed.push(m.text);
      return false;
    });
  });
}
/** What was sent for analysis since the last call; null where the worker cannot be read (Firefox). */
const analyzed = async () => (browser.worker ? browser.worker.evaluate(() => self.__analyzed.splice(0)) : null);

/** The risky post typed into the Facebook fixture's Lexical editor and underlined (typed again if needed). */
async function risky() {
  await page.bringToFront();
  const painted = await page.evaluate((pattern) => [...CSS.highlights].some(([k, h]) => k.match(pattern)?.[1] === 'guidepost-risk' && h.size > 0), GP_NAME);
  const text = await page.evaluate(() => window.fixture.lexicalText());
  if (!painted || text.trim() !== RISKY_TEXT) {
    await click(page, '#lexical');
    await press(page, 'ControlOrMeta+a');
    await press(page, 'Delete');
    await page.keyboard.type(RISKY);
  }
  await waitForHighlight(page, 'guidepost-risk', ID);
}

const inContentScript = (p, expression) => inContentWorld(p, extensionId, expression);

before(async () => {
  const policy = { organisationConfig: JSON.stringify({ confidential_terms: [SECRET] }) };
  removePolicy = name === 'firefox' ? writeFirefoxPolicy(policy) : writePolicy('hostile', policy);
  browser = await launch({ browser: name });
  if (name === 'chromium') assert.equal(browser.extensionId, extensionId, 'the policy file names the loaded extension');
  page = await openFacebook(browser.context);
  await watchExceptions(page);
  await watchAnalyze();
});

after(async () => {
  removePolicy();
  await browser?.close();
  browser?.removeProfile();
});

test('a page cannot use Guidepost as a classifier: its own editor, filled and "typed" by script, is never checked', async () => {
  await page.bringToFront();
  const painted = await page.evaluate(async (secret) => {
    const guesses = [];
    for (let i = 0; i < 2000; i++) guesses.push(`Projekt ${['Aurora', 'Polaris', 'Meri', 'Tuuli', 'Sandvik'][i % 5]}${i}`);
    guesses.splice(1000, 0, secret);
    const made = [];
    // One on screen and one behind the page's content, as the attack does.
    for (const style of ['position:fixed;left:10px;bottom:10px;width:300px;height:60px;overflow:hidden', 'position:fixed;left:0;top:0;z-index:-1;width:300px;height:60px;overflow:hidden']) {
      const el = document.createElement('div');
      el.contentEditable = 'true';
      el.setAttribute('role', 'textbox');
      el.setAttribute('data-lexical-editor', 'true');
      el.style.cssText = style;
      el.textContent = guesses.join(', ');
      document.body.append(el);
      el.focus();
      el.dispatchEvent(new InputEvent('beforeinput', { bubbles: true, inputType: 'insertText', data: 'x' }));
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'x' }));
      el.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'x' }));
      el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      el.dispatchEvent(new ClipboardEvent('paste', { bubbles: true }));
      el.append(' ', secret); // and a change after the events
      made.push(el);
    }
    await new Promise((r) => setTimeout(r, 1500));
    const names = [...CSS.highlights.keys()];
    for (const el of made) el.remove();
    return names.map((n) => [n, [...CSS.highlights.get(n)].map((r) => r.toString())]);
  }, SECRET);
  assert.deepEqual(painted, [], 'nothing highlighted');
  const asked = await analyzed();
  if (asked) assert.deepEqual(asked, [], 'no analyze request');
  // The same term typed by the user is flagged: the policy is in force.
  await click(page, '#lexical');
  await page.keyboard.type(`Huomenna ${SECRET} alkaa.`);
  await waitForHighlight(page, 'guidepost-risk', SECRET, 10000);
  const typed = await analyzed();
  if (typed) assert.ok(typed.length > 0);
  await press(page, 'ControlOrMeta+a');
  await press(page, 'Delete');
  await waitFor(async () => Object.values(await highlights(page)).flat().length === 0, { what: 'no underlines' });
});

test('text a script puts into the user\'s editor without the user\'s input is not analysed', { skip: chromiumOnly }, async () => {
  const linkedin = await openLinkedIn(browser.context);
  await linkedin.click('#interop-outlet .ql-editor');
  await linkedin.keyboard.type('Hello everyone.');
  await waitFor(async () => (await analyzed()).some((t) => t.startsWith('Hello everyone.')), { what: 'the user\'s text checked' });
  await pause(1200);
  await analyzed();
  await linkedin.evaluate((secret) => window.fixture.quill.insertText(0, `${secret} `), SECRET);
  await pause(1000);
  assert.deepEqual((await analyzed()).filter((t) => t.includes(SECRET)), [], 'the script\'s text was not sent for analysis');
  assert.ok(!Object.values(await highlights(linkedin)).flat().includes(SECRET), 'nor painted');
  await linkedin.close();
});

test('highlight names are unguessable per page load; a page\'s own "guidepost-risk" learns nothing', async () => {
  await page.bringToFront();
  const probe = () => page.evaluate(() => {
    const p = document.querySelector('h1');
    const style = (name) => {
      const r = new Range();
      r.selectNodeContents(p);
      CSS.highlights.set(name, new Highlight(r));
      const s = getComputedStyle(p, `::highlight(${name})`);
      const out = [s.textDecorationLine, s.textDecorationStyle, s.textDecorationColor, s.backgroundColor, s.color].join('|');
      CSS.highlights.delete(name);
      return out;
    };
    const base = style('nobody-styles-this');
    return ['guidepost-risk', 'guidepost-caution', 'guidepost-suggestion'].map((n) => [n, style(n) === base]);
  });
  assert.deepEqual(await probe(), [['guidepost-risk', true], ['guidepost-caution', true], ['guidepost-suggestion', true]], 'before anything is painted');
  await click(page, '#lexical');
  await page.keyboard.type(RISKY);
  await waitForHighlight(page, 'guidepost-risk', ID);
  assert.deepEqual(await probe(), [['guidepost-risk', true], ['guidepost-caution', true], ['guidepost-suggestion', true]], 'and while underlines show');
  const names = await page.evaluate(() => [...CSS.highlights.keys()]);
  assert.ok(names.length > 0);
  for (const n of names) assert.match(n, /^guidepost-(risk|caution|suggestion)-[0-9a-f]{24}$/, 'guidepost-<severity>-<random>');
  // The injected rule matches the random name: the underline really is styled.
  const styled = await page.evaluate((pattern) => {
    const name = [...CSS.highlights.keys()].find((n) => n.match(pattern)?.[1] === 'guidepost-risk');
    return getComputedStyle(document.querySelector('#lexical'), `::highlight(${name})`).textDecorationLine;
  }, GP_NAME);
  assert.equal(styled, 'underline');
  // Another page load, other names.
  const other = await openFacebook(browser.context);
  await click(other, '#lexical');
  await other.keyboard.type(RISKY);
  await waitForHighlight(other, 'guidepost-risk', ID);
  const otherNames = await other.evaluate(() => [...CSS.highlights.keys()]);
  assert.equal(otherNames.filter((n) => names.includes(n)).length, 0, `new names on a new page load: ${names} / ${otherNames}`);
  await other.close();
});

test('underlines a page cleared, emptied or replaced come back on the next paint cycle', async () => {
  await risky();
  const painted = async () => Object.fromEntries(Object.entries(await highlights(page)).filter(([, v]) => v.length).map(([k, v]) => [k, v.sort()]));
  const before = await painted();
  const restored = async (what, fn) => {
    await page.evaluate(fn);
    await waitForHighlight(page, 'guidepost-risk', ID, 2000);
    assert.deepEqual(await painted(), before, what);
  };
  await restored('CSS.highlights.clear()', () => CSS.highlights.clear());
  await restored('each highlight emptied', () => { for (const h of CSS.highlights.values()) h.clear(); });
  await restored('each highlight replaced', () => { for (const n of [...CSS.highlights.keys()]) CSS.highlights.set(n, new Highlight()); });
  await restored('the stylesheet taken away', () => { document.adoptedStyleSheets = []; CSS.highlights.clear(); });
  const styled = await page.evaluate((pattern) => {
    const name = [...CSS.highlights.keys()].find((n) => n.match(pattern)?.[1] === 'guidepost-risk');
    return getComputedStyle(document.querySelector('#lexical'), `::highlight(${name})`).textDecorationLine;
  }, GP_NAME);
  assert.equal(styled, 'underline', 'the rules are back too');
});

test('synthetic events do nothing: a script\'s click opens no card, a script\'s Alt+Enter moves no focus', async () => {
  await risky();
  const at = await rectOf(page, 'guidepost-risk', ID);
  await page.evaluate(({ x, y }) => {
    const target = document.elementFromPoint(x, y);
    for (const type of ['pointerdown', 'mousedown', 'mouseup', 'click']) {
      target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y }));
    }
    for (let i = 0; i < 5; i++) target.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: x, clientY: y }));
  }, at);
  await pause(900); // longer than the hover delay
  assert.equal(await openCard(page), null, 'no card from a script\'s click or hover');

  // The caret in the underlined passage, then a script's Alt+Enter.
  await page.mouse.click(at.x, at.y);
  await waitFor(() => openCard(page), { what: 'the card from a real click' });
  await press(page, 'Escape');
  await waitFor(async () => (await openCard(page)) === null, { what: 'the card to close' });
  await page.mouse.move(5, 5);
  const seen = await page.evaluate(() => {
    const editor = document.querySelector('#lexical');
    let prevented = null;
    // Right after Guidepost's window-level capture listener, before the editor's own.
    document.addEventListener('keydown', (e) => { prevented = e.defaultPrevented; }, { once: true, capture: true });
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', altKey: true, bubbles: true, cancelable: true, composed: true }));
    return { prevented, focus: document.activeElement === editor };
  });
  await pause(300);
  assert.deepEqual(seen, { prevented: false, focus: true }, 'the key was not taken and the focus stayed');
  assert.equal(await openCard(page), null, 'no card from a script\'s Alt+Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lexical');
  // A real Alt+Enter still works (the fixture's Lexical took the script's
  // Enter as its own: the caret goes back into the passage first).
  await risky();
  const again = await rectOf(page, 'guidepost-risk', ID);
  await page.mouse.click(again.x, again.y);
  await waitFor(() => openCard(page), { what: 'the card from a real click' });
  await press(page, 'Escape');
  await waitFor(async () => (await openCard(page)) === null, { what: 'the card to close' });
  await page.mouse.move(5, 5);
  await press(page, 'Alt+Enter');
  await waitFor(() => openCard(page), { what: 'the card from a real Alt+Enter' });
  // ...and a script's Escape does not close it.
  await page.evaluate(() => document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true, composed: true })));
  await pause(200);
  assert.ok(await openCard(page), 'a script\'s Escape leaves the card open');
  await press(page, 'Escape');
  await waitFor(async () => (await openCard(page)) === null, { what: 'the card to close' });
});

test('no event target makes the content script throw', async () => {
  await risky();
  exceptions.length = 0;
  const before = browser.extensionErrors?.().length ?? 0;
  await page.evaluate(() => {
    const editor = document.querySelector('#lexical');
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    const text = walker.nextNode();
    const targets = [window, document, document.documentElement, document.body, editor, text.parentNode, text, new Text('detached'), document.createElement('div')];
    const make = {
      click: () => new MouseEvent('click', { bubbles: true, composed: true }),
      mousemove: () => new MouseEvent('mousemove', { bubbles: true, composed: true }),
      mousedown: () => new MouseEvent('mousedown', { bubbles: true, composed: true }),
      pointerdown: () => new PointerEvent('pointerdown', { bubbles: true, composed: true }),
      keydown: () => new KeyboardEvent('keydown', { key: 'Enter', altKey: true, bubbles: true, composed: true }),
      escape: () => new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
      input: () => new InputEvent('input', { bubbles: true, composed: true }),
      beforeinput: () => new InputEvent('beforeinput', { bubbles: true, composed: true }),
      paste: () => new ClipboardEvent('paste', { bubbles: true, composed: true }),
      compositionstart: () => new CompositionEvent('compositionstart', { bubbles: true, composed: true }),
      focusin: () => new FocusEvent('focusin', { bubbles: true, composed: true }),
      scroll: () => new Event('scroll', { bubbles: true }),
      resize: () => new Event('resize'),
    };
    for (const target of targets) for (const e of Object.values(make)) target.dispatchEvent(e());
  });
  await pause(500);
  assert.deepEqual(exceptions, [], 'no uncaught exception in the page or the content script');
  if (browser.extensionErrors) assert.deepEqual(browser.extensionErrors().slice(before), [], 'nor in Firefox\'s output');
});

test('window.find() cannot find the open card\'s text', async () => {
  await risky();
  const at = await rectOf(page, 'guidepost-risk', ID);
  await page.mouse.click(at.x, at.y);
  const card = await waitFor(() => openCard(page), { what: 'the card' });
  await page.mouse.move(5, 5);
  const words = ['identity code', 'Dismiss', 'ambassadors for Kokkola'];
  assert.ok(words.every((w) => card.text.includes(w)), `the card shows them: ${card.text}`);
  const found = await page.evaluate((list) => {
    const out = {};
    for (const w of [...list, 'Matti Virtanen']) {
      getSelection().removeAllRanges();
      out[w] = window.find(w, false, false, true);
    }
    getSelection().removeAllRanges();
    return out;
  }, words);
  assert.equal(found['Matti Virtanen'], true, 'find works on the page\'s own text');
  for (const w of words) assert.equal(found[w], false, `"${w}" is not found in the card`);
  assert.ok(await openCard(page), 'the card is still open');
  await press(page, 'Escape');
});

test('a content script\'s status reply has no settings and no organisation configuration', { skip: chromiumOnly }, async () => {
  const reply = await inContentScript(page, 'chrome.runtime.sendMessage({ type: "status" })');
  assert.deepEqual(Object.keys(reply).sort(), ['enabled', 'locale', 'review', 'strings']);
  assert.ok(!JSON.stringify(reply).includes(SECRET), 'the confidential term is not in it');
  // The extension's own pages still get the settings (the policy is there to leak).
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${extensionId}/pages/options.html`);
  const full = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }));
  assert.ok(full.values.organisationConfig.includes(SECRET), 'the options page sees the policy');
  await options.close();
});
});
