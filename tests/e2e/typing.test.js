// The editor belongs to the page: with Guidepost on, typing 1 000 characters
// (emoji, å/ä/ö, risky words that get underlined as they come) must leave
// exactly the text it leaves with Guidepost not installed at all, in each
// browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openFacebook, openLinkedIn, highlights, click, pause, BROWSERS } from './harness.js';

/** A deterministic 1 000-character post: Finnish and Swedish, emoji, risky phrases. */
function post() {
  const pieces = [
    'Hyvää huomenta Kokkola! ☀️ ', 'Kuulin, että kirjasto suljetaan. ', 'Mötet börjar kl. 18 i stadshuset. ',
    'Ärligt talat 😅 är det här en idiot idé? ', 'Äänestä ja vaikuta 🗳️ ', 'Hälsningar från Karleby 🌊 ',
    'Sähköpostini on matti@example.com. ', 'Tunnus 131052-308T ei kuulu tänne. ', 'Öppet hus på lördag 🎉 ',
  ];
  let text = '';
  for (let i = 0; text.length < 1000; i++) text += pieces[(i * 7) % pieces.length];
  return text.slice(0, 1000).replace(/[\uD800-\uDBFF]$/, 'x'); // never cut an emoji in half
}

const TEXT = post();
const EDITORS = [
  { id: 'lexical', site: 'facebook', selector: '#lexical', model: 'lexicalText' },
  { id: 'textarea', site: 'facebook', selector: '#textarea', model: 'textareaText' },
  { id: 'quill', site: 'linkedin', selector: '#interop-outlet .ql-editor', model: 'quillText' },
  { id: 'tiptap', site: 'linkedin', selector: '#comments .ProseMirror', model: 'tiptapText' },
];

async function typeEverywhere(extension, name) {
  const browser = await launch({ extension, browser: name });
  try {
    const pages = { facebook: await openFacebook(browser.context), linkedin: await openLinkedIn(browser.context) };
    const out = {};
    let painted = 0;
    for (const e of EDITORS) {
      const page = pages[e.site];
      await page.bringToFront();
      await click(page, e.selector);
      await page.keyboard.type(TEXT);
      await pause(300);
      out[e.id] = await page.evaluate((m) => window.fixture[m](), e.model);
      painted += Object.values(await highlights(page)).flat().length;
    }
    return { out, painted };
  } finally {
    await browser.close();
    browser.removeProfile();
  }
}

for (const name of BROWSERS) test(`${name}: typing 1 000 characters leaves the same text with Guidepost on as without it`, async () => {
  assert.equal(TEXT.length, 1000);
  assert.match(TEXT, /[åäöÅÄÖ]/);
  assert.match(TEXT, /\p{Extended_Pictographic}/u);
  const off = await typeEverywhere(false, name);
  const on = await typeEverywhere(true, name);
  assert.equal(off.painted, 0, 'nothing painted without the extension');
  assert.ok(on.painted > 0, 'the extension was really checking while we typed');
  for (const e of EDITORS) {
    assert.equal(on.out[e.id], off.out[e.id], `${e.id}: same text with and without Guidepost`);
    assert.equal(on.out[e.id].trimEnd(), TEXT.trimEnd(), `${e.id}: every keystroke, in order`);
  }
});
