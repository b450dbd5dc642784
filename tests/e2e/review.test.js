// The second look before publishing (issue 9), and the chip kept off the
// site's own controls. In each composer of the fixtures (Facebook's Lexical
// composer with its Post button and its comment box that sends on Enter;
// LinkedIn's Quill share box with Post, TipTap comments with Comment):
// - with a risk underlined, the first press is held (nothing is published)
//   and the chip says so; the second goes through untouched;
// - with a caution only, nothing is held;
// - switched off on the options page (Chromium: BiDi cannot open extension
//   pages), nothing is held;
// - the chip covers none of the composer's buttons, at 1280 px, 390 px and
//   the 640 CSS px of 200 % zoom; an open card covers neither the chip, nor
//   the line it explains, nor the composer's buttons.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openFacebook, openLinkedIn, chip, click, openCard, press, rectOf, waitFor, waitForHighlight, BROWSERS, isFirefox } from './harness.js';

const RISK = 'Hetu 131052-308T';
const CAUTION = 'I heard that the library will close next year.';
const COMPOSERS = [
  { id: 'lexical', site: 'facebook', editor: '#lexical', model: 'lexicalText', publish: '#lexical-post' },
  { id: 'comment', site: 'facebook', editor: '#comment', model: 'commentText', publish: 'Enter' },
  { id: 'quill', site: 'linkedin', editor: '#interop-outlet .ql-editor', model: 'quillText', publish: '#interop-outlet .share-actions__primary-action' },
  { id: 'tiptap', site: 'linkedin', editor: '#comments .ProseMirror', model: 'tiptapText', publish: '#comments .comments-comment-box__submit-button' },
];
const published = (page) => page.evaluate(() => window.fixture.published.map((t) => t.trim()));

for (const name of BROWSERS) describe(name, () => {
  let browser;
  const pages = {};

  before(async () => {
    browser = await launch({ browser: name });
    pages.facebook = await openFacebook(browser.context);
    pages.linkedin = await openLinkedIn(browser.context);
    await click(pages.linkedin, '#start-post');
  });

  after(async () => {
    await browser?.close();
    browser?.removeProfile();
  });

  async function write(page, c, text) {
    await click(page, c.editor);
    await press(page, 'ControlOrMeta+a');
    await press(page, 'Delete');
    await waitFor(async () => (await page.evaluate((m) => window.fixture[m](), c.model)).trim() === '', { what: 'an empty editor' });
    await page.keyboard.type(text);
  }

  const publish = (page, c) => (c.publish === 'Enter' ? press(page, 'Enter') : click(page, c.publish));

  for (const c of COMPOSERS) {
    test(`${c.id}: with a risk the first press is held and the chip says so; the second publishes`, async () => {
      const page = pages[c.site];
      await page.evaluate(() => { window.fixture.published.length = 0; });
      await write(page, c, RISK);
      await waitForHighlight(page, 'guidepost-risk', '131052-308T');
      await publish(page, c);
      const said = await waitFor(async () => {
        const ui = await chip(page);
        return ui?.text.includes('1 risk in this post') && ui;
      }, { what: 'the second-look notice in the chip' });
      assert.ok(said.buttons.some((b) => b.text === 'Show the first'), said.text);
      assert.deepEqual(await published(page), [], 'nothing published at the first press');
      assert.equal((await page.evaluate((m) => window.fixture[m](), c.model)).trim(), RISK, 'the post is as it was');
      await publish(page, c);
      await waitFor(async () => (await published(page)).length === 1, { what: 'the second press publishing' });
      assert.deepEqual(await published(page), [RISK]);
    });

    test(`${c.id}: a caution holds nothing`, async () => {
      const page = pages[c.site];
      await page.evaluate(() => { window.fixture.published.length = 0; });
      await write(page, c, CAUTION);
      await waitForHighlight(page, 'guidepost-caution', 'I heard that');
      await publish(page, c);
      await waitFor(async () => (await published(page)).length === 1, { what: 'the first press publishing' });
      assert.deepEqual(await published(page), [CAUTION]);
    });
  }

  test('switched off on the options page, a risk holds nothing', { skip: name === 'firefox' && 'WebDriver BiDi cannot open moz-extension:// pages' }, async () => {
    const options = await browser.context.newPage();
    await options.goto(browser.extensionUrl('pages/options.html'));
    await options.waitForSelector('#review:checked');
    await options.click('#review');
    await options.click('#save');
    await options.waitForFunction(() => document.getElementById('saved').textContent !== '');
    const page = pages.facebook;
    const c = COMPOSERS[0];
    await page.evaluate(() => { window.fixture.published.length = 0; });
    await write(page, c, RISK);
    await waitForHighlight(page, 'guidepost-risk', '131052-308T');
    await publish(page, c);
    await waitFor(async () => (await published(page)).length === 1, { what: 'the first press publishing' });
    await options.click('#review');
    await options.click('#save');
    await options.close();
  });

  // Guidepost's hosts are the page's body-level elements placed fixed (their
  // insides are closed): the chip's before a card opens, the card's after.
  const fixedHosts = (page) => page.evaluate(() => [...document.body.children]
    .filter((el) => getComputedStyle(el).position === 'fixed' && el.getClientRects().length)
    .map((el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; }));
  const meets = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

  for (const [width, height] of [[1280, 800], [390, 844]]) {
    test(`an open card covers neither the chip, nor its line, nor the site's buttons at ${width} px`, async () => {
      for (const c of COMPOSERS) {
        const page = pages[c.site];
        await page.setViewportSize?.({ width, height });
        if (isFirefox(page)) await page.setViewport({ width, height });
        await write(page, c, RISK);
        await waitForHighlight(page, 'guidepost-risk', '131052-308T');
        await waitFor(async () => (await chip(page))?.text.includes('risk'), { what: 'the chip' });
        const before = await fixedHosts(page);
        assert.equal(before.length, 1, 'the chip alone');
        const at = await rectOf(page, 'guidepost-risk', '131052-308T');
        await page.mouse.click(at.x, at.y);
        await waitFor(() => openCard(page), { what: 'the card' });
        const hosts = await fixedHosts(page);
        const card = hosts.find((h) => !before.some((b) => b.left === h.left && b.top === h.top));
        assert.ok(card, 'the card is shown');
        const keepOff = await page.evaluate(([editorSelector, p]) => {
          const parts = editorSelector.split(' ');
          const shadow = parts.length > 1 ? document.querySelector(parts[0])?.shadowRoot : null;
          const editor = shadow ? shadow.querySelector(parts.slice(1).join(' ')) : document.querySelector(editorSelector);
          const composer = editor.closest('.composer') || editor.parentElement.closest('.composer');
          const rect = (r, what) => ({ what, left: r.left, top: r.top, right: r.right, bottom: r.bottom });
          const line = [...CSS.highlights].filter(([k]) => k.match(p)).flatMap(([, h]) => [...h]).find((r) => r.toString() === '131052-308T');
          return [rect(line.getClientRects()[0], 'the line'),
            ...[...composer.querySelectorAll('button, [role="button"]')].map((el) => rect(el.getBoundingClientRect(), el.getAttribute('aria-label') || el.textContent))];
        }, [c.editor, '^guidepost-risk']);
        for (const r of [{ ...before[0], what: 'the chip' }, ...keepOff]) {
          assert.ok(!meets(card, r), `${c.id} at ${width} px: the card ${JSON.stringify(card)} covers ${r.what} ${JSON.stringify(r)}`);
        }
        await press(page, 'Escape');
        await waitFor(async () => !(await openCard(page)), { what: 'the card closed' });
      }
    });
  }

  for (const [width, height] of [[1280, 800], [390, 844], [640, 400]]) {
    test(`the chip covers none of the site's buttons at ${width} px`, async () => {
      for (const site of ['facebook', 'linkedin']) {
        const page = pages[site];
        await page.setViewportSize?.({ width, height });
        if (isFirefox(page)) await page.setViewport({ width, height });
        for (const c of COMPOSERS.filter((x) => x.site === site)) {
          await write(page, c, `${RISK} ${CAUTION}`);
          await waitForHighlight(page, 'guidepost-risk', '131052-308T');
          await waitFor(async () => (await chip(page))?.text.includes('risk'), { what: 'the chip' });
          const covered = await page.evaluate((editorSelector) => {
            const parts = editorSelector.split(' ');
            const root = parts.length > 1 && document.querySelector(parts[0])?.shadowRoot ? document.querySelector(parts[0]).shadowRoot : document;
            const editor = root.querySelector(parts.length > 1 && root !== document ? parts.slice(1).join(' ') : editorSelector);
            const composer = editor.closest('.composer') || editor.parentElement.closest('.composer');
            const out = [];
            for (const el of composer.querySelectorAll('button, [role="button"]')) {
              el.scrollIntoView({ block: 'nearest' });
              const r = el.getBoundingClientRect();
              if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
              const x = r.left + r.width / 2;
              const y = r.top + r.height / 2;
              const hit = root.elementFromPoint(x, y);
              if (!(hit === el || el.contains(hit))) out.push(`${el.getAttribute('aria-label') || el.textContent} at ${Math.round(x)},${Math.round(y)}: ${hit?.tagName}`);
            }
            return out;
          }, c.editor);
          assert.deepEqual(covered, [], `${c.id} at ${width} px`);
        }
      }
    });
  }
});
