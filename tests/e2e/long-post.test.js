// A post over 20 000 characters is checked in slices (content/slices.js),
// and the chip says so; over 1 500 000 it is not checked, and the chip says
// so instead of calling it clean; back under the limit, it is checked again
// and the notice is gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chip, launch, openFacebook, waitFor, waitForHighlight } from './harness.js';

const NOTICE = 'This post is too long to check (over 1 500 000 characters).';
const SLICED = 'A long post: checked in parts';
const CLEAN = 'Nothing to remark';
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  browser?.removeProfile();
});

test('a long post is checked in slices: a risk 100 000 characters in is underlined, and the chip says how it was checked', async () => {
  const page = await openFacebook(browser.context);
  await page.click('#textarea');
  await page.keyboard.type('Kiitos kaikille. ');
  await waitFor(async () => (await chip(page))?.text.includes(CLEAN), { what: 'the clean chip first' });
  await page.keyboard.insertText(`${'Kirjasto on auki.\n'.repeat(6000)}Hetu 131052-308T.`); // 108 000 characters
  await waitForHighlight(page, 'guidepost-risk', '131052-308T');
  const c = await chip(page);
  assert.ok(c.text.includes(SLICED), c.text);
  await page.close();
});

test('over the limit the chip says the post was not checked, never that it is clean', async () => {
  const page = await openFacebook(browser.context);
  await page.click('#textarea');
  await page.keyboard.type('Kiitos kaikille. ');
  await waitFor(async () => (await chip(page))?.text.includes(CLEAN), { what: 'the clean chip first' });

  // One trusted insertion (CDP Input.insertText), as a paste would arrive.
  await page.keyboard.insertText('Kirjasto on auki. '.repeat(84000)); // 1 512 000 characters
  const long = await waitFor(async () => {
    const c = await chip(page);
    return c?.text.includes(NOTICE) && c;
  }, { timeout: 10000, what: 'the too-long notice in the chip' });
  assert.ok(!long.text.includes(CLEAN), `not called clean: ${long.text}`);

  await page.keyboard.press('Control+A');
  await page.keyboard.type('Hetu 131052-308T.');
  await waitForHighlight(page, 'guidepost-risk', '131052-308T');
  await waitFor(async () => {
    const c = await chip(page);
    return c && !c.text.includes(NOTICE);
  }, { what: 'the notice gone once the post is checked again' });
  await page.close();
});
