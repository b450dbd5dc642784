// The browser's keyboard shortcuts (manifest "commands", issue 9): the
// browser registers the three with their suggested keys, the options page
// lists them as the browser has them, and the message the background worker
// forwards from chrome.commands.onCommand opens the remark at the caret and
// goes to the next and previous one. Chromium only: the key press of a
// browser shortcut cannot be synthesised in a headless browser (a page's key
// events never reach the browser's shortcut handling; tried: Alt+Shift+G
// through CDP opened nothing), so the test sends the worker's message to the
// tab itself, and Puppeteer's BiDi has no way into Firefox's background page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openFacebook, openCard, waitFor, waitForHighlight } from './harness.js';

let browser;
let page;

before(async () => {
  browser = await launch();
  page = await openFacebook(browser.context);
  await page.bringToFront();
});

after(async () => {
  await browser?.close();
  browser?.removeProfile();
});

const command = (name) => browser.worker.evaluate(async (c) => {
  const [tab] = await chrome.tabs.query({ url: 'https://www.facebook.com/*' });
  return chrome.tabs.sendMessage(tab.id, { type: 'command', command: c });
}, name);
const cardText = async () => (await openCard(page))?.text || '';

test('the three shortcuts are registered with their keys and listed on the options page', async () => {
  const commands = await browser.worker.evaluate(() => chrome.commands.getAll());
  const keys = Object.fromEntries(commands.map((c) => [c.name, c.shortcut]));
  assert.deepEqual(
    { open: keys['open-remark'], next: keys['next-remark'], previous: keys['previous-remark'] },
    { open: 'Alt+Shift+G', next: 'Alt+Shift+J', previous: 'Alt+Shift+K' },
  );
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('pages/options.html'));
  await options.waitForSelector('#shortcuts li');
  const listed = await options.locator('#shortcuts li').allTextContents();
  await options.close();
  assert.ok(listed.some((l) => l.startsWith('Alt+Shift+G') && l.includes('Open the remark at the caret')), listed.join(' | '));
  assert.equal(listed.length, 3, listed.join(' | '));
});

test('open-remark opens the remark at the caret; next and previous go round the post\'s remarks', async () => {
  await page.click('#lexical');
  await page.keyboard.type('Hetu 131052-308T. Salasana on Kesä2024!');
  await waitForHighlight(page, 'guidepost-risk', '131052-308T');
  await waitForHighlight(page, 'guidepost-risk', 'Salasana on');
  await page.keyboard.press('End'); // the caret after the password
  await command('open-remark');
  const first = await waitFor(cardText, { what: 'a card from the shortcut' });
  assert.match(first, /password|credential|login/i, `the remark at the caret: ${first}`);
  await command('next-remark');
  await waitFor(async () => (await cardText()) !== first && /identity code|henkilötunnus|personal/i.test(await cardText()), { what: 'the next remark' });
  await command('previous-remark');
  await waitFor(async () => (await cardText()) === first, { what: 'back to the first' });
});
