// What the user typed survives Guidepost's own insertions (issue 13, items 6
// and 7), per editor (Lexical, Quill in a shadow root, TipTap, a textarea):
// - a suggestion clicked while an IME composition is open goes in only after
//   the composition ends, and the committed text stays where it was, whole;
// - after an insertion the caret is back where the user was writing, and
//   typing straight after the click keeps every character, in order.
// In each browser; the composition is opened over CDP, so in Chromium only
// (WebDriver BiDi has no IME input).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openFacebook, openLinkedIn, analyze, chip, waitFor, click, press, BROWSERS } from './harness.js';

const ALL = [
  { id: 'lexical', site: 'facebook', selector: '#lexical', model: 'lexicalText', text: 'Mielestäni kaupungin päätös lakkauttaa Halkokarin koulu on virhe.' },
  { id: 'textarea', site: 'facebook', selector: '#textarea', model: 'textareaText', text: 'Mielestäni kaupungin päätös lakkauttaa Halkokarin koulu on virhe.' },
  { id: 'quill', site: 'linkedin', selector: '#interop-outlet .ql-editor', model: 'quillText', text: 'In my opinion, the library budget should not be cut.' },
  { id: 'tiptap', site: 'linkedin', selector: '#comments .ProseMirror', model: 'tiptapText', text: 'In my opinion, the library budget should not be cut.' },
];

const EDITORS = ALL.filter((e) => !process.env.ONLY || e.id === process.env.ONLY);
const modelText = (page, model) => page.evaluate((m) => window.fixture[m](), model);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function clear(page, e) {
  await click(page, e.selector);
  await press(page, 'ControlOrMeta+a');
  await press(page, 'Delete');
  await waitFor(async () => (await modelText(page, e.model)).trim() === '', { what: 'an empty editor' });
}

for (const name of BROWSERS) describe(name, () => {
let browser;
const pages = {};

before(async () => {
  browser = await launch({ browser: name });
  pages.facebook = await openFacebook(browser.context);
  pages.linkedin = await openLinkedIn(browser.context);
});

after(async () => {
  await browser?.close();
  browser?.removeProfile();
});

/** Types the opinion and waits for the chip's enabled "Add disclaimer"; returns the button and the fix. */
async function typeOpinion(page, e) {
  await clear(page, e);
  await page.keyboard.type(e.text);
  const fix = analyze(e.text).findings.find((f) => f.category === 'disclaimer')?.fix;
  assert.ok(fix, `the checker suggests a disclaimer for "${e.text}"`);
  const c = await waitFor(async () => {
    const ui = await chip(page);
    return ui?.buttons.some((b) => b.text.includes('Add disclaimer') && !b.disabled) && ui;
  }, { what: 'the "Add disclaimer" chip button' });
  await sleep(1100); // past the editors' undo grouping of the typing
  return { button: c.buttons.find((b) => b.text.includes('Add disclaimer')), added: fix.text.trim() };
}

for (const e of EDITORS) {
  test(`${e.id}: what the user typed survives an insertion`, async (t) => {
    const page = pages[e.site];
    await page.bringToFront();

    await t.test('a suggestion clicked during an IME composition waits for it, and the committed text stays whole', { skip: name !== 'chromium' && 'no IME composition over WebDriver BiDi' }, async () => {
      const { button, added } = await typeOpinion(page, e);
      const cdp = await page.context().newCDPSession(page);
      try {
        await cdp.send('Input.imeSetComposition', { text: 'kyl', selectionStart: 3, selectionEnd: 3 });
        await page.mouse.click(button.x, button.y);
        await sleep(1500); // an insertion would have landed by now
        assert.ok(!(await modelText(page, e.model)).includes(added), 'nothing inserted while the composition is open');
        await cdp.send('Input.insertText', { text: 'kylä' }); // commits the composition
      } finally {
        await cdp.detach();
      }
      await waitFor(async () => (await modelText(page, e.model)).includes(added), { what: 'the disclaimer after the composition', timeout: 8000 });
      await sleep(800);
      const after = await modelText(page, e.model);
      assert.ok(after.startsWith(`${e.text}kylä`), `the committed text in place, on its line: ${JSON.stringify(after)}`);
      assert.equal(after.split(added).length - 1, 1, `the disclaimer once: ${JSON.stringify(after)}`);
      assert.equal(after.split('kyl').length - 1, 1, `the composition once, nothing uncommitted left: ${JSON.stringify(after)}`);
    });

    await t.test('the caret goes back where it was, and typing at once after the click keeps every character in order', async () => {
      const { button, added } = await typeOpinion(page, e);
      // The caret before the closing full stop: the user was writing there,
      // not at the end (and the opinion stays an opinion).
      const word = e.text.length - 1;
      await press(page, 'ArrowLeft');
      await sleep(300);
      await page.mouse.click(button.x, button.y);
      await page.keyboard.type('XYZ');
      await waitFor(async () => (await modelText(page, e.model)).includes(added), { what: 'the disclaimer', timeout: 8000 })
        .catch(async (err) => assert.fail(`${err.message}: ${JSON.stringify(await modelText(page, e.model))} ${JSON.stringify((await chip(page))?.buttons)}`));
      await sleep(500);
      await page.keyboard.type('Q');
      const want = `${e.text.slice(0, word)}XYZQ${e.text.slice(word)}`;
      await waitFor(async () => (await modelText(page, e.model)).startsWith(want), { what: 'the letters typed after the click, in order, at the caret' })
        .catch(async (err) => assert.fail(`${err.message}: ${JSON.stringify(await modelText(page, e.model))}`));
      const after = await modelText(page, e.model);
      assert.equal(after.split(added).length - 1, 1, `the disclaimer once: ${JSON.stringify(after)}`);
      assert.equal(after.trimEnd().slice(-added.length), added, 'the disclaimer at the end');
    });
  });
}
});
