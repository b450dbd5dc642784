// The card and keyboard scenarios, written once and run against both hosts
// of the one controller (extension/content/controller.js): the extension on
// the Facebook fixture (tests/e2e/card-keyboard.test.js) and the playground
// (tests/www/card-keyboard.test.js). Each host gives a driver:
//   page          the page (Playwright's, or Puppeteer's in Firefox)
//   selector      the editor
//   modelText()   the editor's text as its own model holds it
//   clear()       empties the editor, with the focus in it
// The texts are English (both hosts run with the interface in English).
import assert from 'node:assert/strict';
import { GP_NAME, analyze, openCard, press, rectOf, waitFor, waitForHighlight } from './harness.js';

export const TEXT = 'I heard that the caretaker 131052-308T is an idiot';
const RUMOR = 'I heard that';
const ID = '131052-308T';

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const cardClosed = async (page) => (await openCard(page)) === null;

/** What the page itself sees of the keys (its own listeners, after Guidepost's). */
function watchKeys(page) {
  return page.evaluate(() => {
    if (window.__keys) return;
    window.__keys = [];
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' || (e.key === 'Enter' && e.altKey)) window.__keys.push(`${e.altKey ? 'Alt+' : ''}${e.key}${e.defaultPrevented ? ' (prevented)' : ''}`);
    }, true);
  });
}

async function keysSeen(page) {
  const keys = await page.evaluate(() => window.__keys.splice(0));
  return keys;
}

/** Whether the focus is in the editor (or, with `card`, in one of Guidepost's closed hosts on <body>). */
function focusIn(page, selector) {
  return page.evaluate((sel) => {
    const active = document.activeElement;
    const editor = document.querySelector(sel);
    if (active === editor || editor.contains(active)) return 'editor';
    if (active?.parentElement === document.body && active.tagName === 'DIV' && !active.shadowRoot && !active.id) return 'card';
    return active?.id || active?.tagName || 'nothing';
  }, selector);
}

async function typeRisky(d) {
  await d.clear();
  await d.page.keyboard.type(TEXT);
  await waitForHighlight(d.page, 'guidepost-risk', ID);
  await waitForHighlight(d.page, 'guidepost-caution', RUMOR);
}

/**
 * Clicks on the painted `text`, then moves the pointer off every underline:
 * a pointer left resting on one would open a hover card of its own once the
 * clicked card is closed (Chromium sends a mousemove when the layout changes).
 */
async function clickOn(page, name, text) {
  const at = await rectOf(page, name, text);
  assert.ok(at, `"${text}" is painted`);
  await page.mouse.click(at.x, at.y);
  await page.mouse.move(5, 5);
}

/** Registers the scenarios as subtests of `t`, on the host `driver()` returns. */
export async function cardScenarios(t, driver) {
  const d = driver();
  const { page, selector } = d;
  const findings = analyze(TEXT).findings;
  const message = (category) => findings.find((f) => f.category === category).message;
  await watchKeys(page);

  await t.test('a click on an underline opens its card; the focus stays in the editor', async () => {
    await typeRisky(d);
    await clickOn(page, 'guidepost-risk', ID);
    const card = await waitFor(() => openCard(page), { what: 'the card' });
    assert.ok(card.text.includes(message('personal-data')), card.text);
    assert.ok(card.buttons.some((b) => b.text === 'Dismiss'));
    assert.equal(await focusIn(page, selector), 'editor');
  });

  await t.test('the open card follows its finding while the user types, and closes when its passage goes', async () => {
    assert.ok(await openCard(page), 'the card from the click is open');
    await press(page, 'End');
    await page.keyboard.type(' today');
    await waitFor(async () => (await d.modelText()).trimEnd() === `${TEXT} today`, { what: 'the typing in the editor' });
    await pause(300); // re-checked by now
    const card = await openCard(page);
    assert.ok(card?.text.includes(message('personal-data')), 'still open on its finding');
    await press(page, 'ControlOrMeta+a');
    await press(page, 'Delete');
    await waitFor(() => cardClosed(page), { what: 'the card to close with its passage' });
  });

  await t.test('Escape closes the card, the focus back in the editor, and the page never sees it; without a card it does', async () => {
    await typeRisky(d);
    await clickOn(page, 'guidepost-risk', ID);
    await waitFor(() => openCard(page), { what: 'the card' });
    await keysSeen(page);
    await press(page, 'Escape');
    await waitFor(() => cardClosed(page), { what: 'the card to close' });
    assert.deepEqual(await keysSeen(page), [], 'Escape was taken by the card (a dialog under it stays open)');
    assert.equal(await focusIn(page, selector), 'editor');
    await press(page, 'Escape');
    assert.deepEqual(await keysSeen(page), ['Escape'], 'with no card open, Escape is the page\'s');
    assert.equal((await d.modelText()).trimEnd(), TEXT);
  });

  await t.test('Alt+Enter in an underlined passage opens its card with the focus in it, beside one the nearest; with nothing underlined the key goes to the editor', async () => {
    await clickOn(page, 'guidepost-caution', RUMOR); // also puts the caret in the rumour
    await waitFor(() => openCard(page), { what: 'the card' });
    await press(page, 'Escape');
    await waitFor(() => cardClosed(page), { what: 'the card to close' });
    await keysSeen(page);
    await press(page, 'Alt+Enter');
    const card = await waitFor(() => openCard(page), { what: 'the card from Alt+Enter' });
    assert.ok(card.text.includes(message('rumor')), card.text);
    assert.equal(await focusIn(page, selector), 'card', 'the focus is on the card\'s first button');
    assert.deepEqual(await keysSeen(page), [], 'the editor did not get this Alt+Enter');
    // Tab and Shift+Tab go round the card's buttons; the focus never leaves it while it is open.
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await press(page, key);
      assert.equal(await focusIn(page, selector), 'card', `after ${key} the focus is still in the card`);
    }
    assert.ok(await openCard(page), 'and the card is still open');
    // ↓ and ↑: the post's next and previous findings, each card in place of the last, the focus kept.
    await press(page, 'ArrowDown');
    const next = await waitFor(async () => { const c = await openCard(page); return c?.text.includes(message('personal-data')) && c; }, { what: 'the next finding\'s card' });
    assert.ok(!next.text.includes(message('rumor')), 'one card at a time');
    assert.equal(await focusIn(page, selector), 'card');
    await press(page, 'ArrowUp');
    await waitFor(async () => (await openCard(page))?.text.includes(message('rumor')), { what: 'the previous finding\'s card again' });
    assert.deepEqual(await keysSeen(page), [], 'the editor saw none of these keys');
    await press(page, 'Escape');
    await waitFor(() => cardClosed(page), { what: 'the card to close' });
    assert.equal(await focusIn(page, selector), 'editor', 'Escape gives the focus back');
    assert.equal((await d.modelText()).trimEnd(), TEXT, 'Alt+Enter and Escape left the text alone');

    await press(page, 'End');
    await page.keyboard.type(' today'); // the caret now after every underline
    await waitFor(async () => (await d.modelText()).trimEnd() === `${TEXT} today`, { what: 'the typing in the editor' });
    await pause(200);
    await keysSeen(page);
    await press(page, 'Alt+Enter');
    const near = await waitFor(() => openCard(page), { what: 'the card of the nearest passage' });
    assert.ok(near.text.includes(message('offensive')), `beside the underlines, Alt+Enter opens the nearest one: ${near.text}`);
    assert.deepEqual(await keysSeen(page), [], 'and the editor does not get the key');
    await press(page, 'Escape');
    await waitFor(() => cardClosed(page), { what: 'the card to close' });
    assert.equal((await d.modelText()).trimEnd(), `${TEXT} today`, 'the post as typed');

    await d.clear();
    await page.keyboard.type('Thank you all');
    await pause(300);
    await keysSeen(page);
    await press(page, 'Alt+Enter');
    assert.deepEqual(await keysSeen(page), ['Alt+Enter'], 'with nothing underlined Alt+Enter reaches the editor, not prevented');
    await pause(200);
    assert.ok(await cardClosed(page), 'and opens no card');
  });

  await t.test('hover opens the card after a rest, scrolling leaves it open, and it closes when the pointer leaves', async () => {
    await typeRisky(d);
    const at = await rectOf(page, 'guidepost-risk', ID);
    await page.mouse.move(at.x - 3, at.y);
    await page.mouse.move(at.x, at.y);
    const card = await waitFor(() => openCard(page), { what: 'the hover card', timeout: 3000 });
    assert.ok(card.text.includes(message('personal-data')));
    assert.equal(await focusIn(page, selector), 'editor', 'a hover card takes no focus');
    await page.evaluate(() => {
      window.dispatchEvent(new Event('scroll'));
      document.dispatchEvent(new Event('scroll'));
      window.scrollBy(0, 1);
    });
    await pause(500);
    assert.ok(await openCard(page), 'the card stays open while the page scrolls');
    await page.mouse.move(5, 5);
    await page.mouse.move(6, 6);
    await waitFor(() => cardClosed(page), { what: 'the hover card to close' });
  });

  await t.test('underlines come without animation frames (checks are not scheduled on requestAnimationFrame)', async () => {
    await d.clear();
    await page.evaluate(() => {
      window.__raf = window.requestAnimationFrame;
      window.requestAnimationFrame = () => 0; // a tab the browser does not paint
    });
    try {
      await page.keyboard.type(TEXT);
      await waitFor(() => page.evaluate(([s, p]) => [...CSS.highlights].filter(([k]) => k.match(p)?.[1] === 'guidepost-risk').flatMap(([, h]) => [...h]).some((r) => r.toString() === s), [ID, GP_NAME]), {
        what: 'the underline without frames',
      });
    } finally {
      await page.evaluate(() => { window.requestAnimationFrame = window.__raf; });
    }
  });
}
